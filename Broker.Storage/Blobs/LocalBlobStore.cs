namespace Broker.Storage.Blobs;

/// <summary>
/// Blobs as files in one folder (<c>Files:Provider=local</c>, <c>Files:Local:Path</c>), two levels of sub-folders
/// from the id so no folder grows huge. A blob is written to a temporary name and renamed when complete, so a
/// reader never sees half a file.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    private const int BufferSize = 81920;
    private readonly string root;

    public LocalBlobStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        root = Path.GetFullPath(path);
        Directory.CreateDirectory(root);
    }

    public async Task<long> WriteAsync(string id, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var final = PathOf(id);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var partial = final + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            long length;
            var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                length = file.Length;
            }

            File.Move(partial, final, overwrite: true);
            return length;
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            Stream stream = new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(id));
        }
        catch (DirectoryNotFoundException)
        {
            // Never written: nothing to delete.
        }

        return Task.CompletedTask;
    }

    private string PathOf(string id)
    {
        BlobIds.ThrowIfInvalid(id);
        var first = id.Length >= 2 ? id[..2] : id;
        var second = id.Length >= 4 ? id[2..4] : "_";
        return Path.Combine(root, first, second, id);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .part file is never read.
        }
    }
}
