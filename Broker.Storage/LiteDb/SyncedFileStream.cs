namespace Broker.Storage.LiteDb;

/// <summary>
/// A file handed to LiteDB as its data or log stream. LiteDB itself never fsyncs its log on commit (it writes the
/// log pages and leaves them in the OS cache until a checkpoint), so the backend opens both files itself and calls
/// <see cref="Sync"/> after every commit; <see cref="Flush()"/>, which LiteDB calls after a checkpoint has written
/// the data file and before it truncates the log, is an fsync too. Opened with <see cref="FileShare.None"/>: a
/// second process (or a second backend) on the same file fails at start instead of corrupting it.
/// </summary>
internal sealed class SyncedFileStream : Stream
{
    private readonly FileStream file;
    private long syncs;

    private SyncedFileStream(FileStream file) => this.file = file;

    public static SyncedFileStream Open(string path)
    {
        // No FileStream buffer: LiteDB reads and writes whole 8 KiB pages at positions it sets, from several threads
        // (each under a lock on this object), so a buffer would only copy.
        return new SyncedFileStream(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.RandomAccess));
    }

    /// <summary>How many times <see cref="Sync"/> forced the file to the disk.</summary>
    public long Syncs => Interlocked.Read(ref syncs);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    /// <summary>
    /// Forces what was written to the disk. LiteDB's own wrapper serializes every access to this stream with
    /// <c>lock (stream)</c> on this very object, so the same monitor keeps the fsync apart from its reads and writes.
    /// </summary>
    public void Sync()
    {
        lock (this)
        {
            file.Flush(flushToDisk: true);
        }

        Interlocked.Increment(ref syncs);
    }

    /// <summary>Reads at <paramref name="offset"/> without moving <see cref="Position"/> (a positional read needs no lock).</summary>
    public int ReadAt(long offset, Span<byte> buffer) => RandomAccess.Read(file.SafeFileHandle, buffer, offset);

    public override void Flush() => file.Flush(flushToDisk: true);

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value) => file.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
