using System.Security.Cryptography;
using Broker.Storage.Blobs;

namespace Broker.Tests.Storage;

/// <summary>What every blob store (<c>Files:Provider</c>) must do, with one subclass per store.</summary>
public abstract class BlobStoreConformanceTests : IAsyncLifetime
{
    private IBlobStore? store;

    protected IBlobStore Store => store ?? throw new InvalidOperationException("the store was not created");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract ValueTask<IBlobStore> CreateStoreAsync();

    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync() => store = await CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(DatabaseBlobStore.DefaultChunkSize)]
    [InlineData((DatabaseBlobStore.DefaultChunkSize * 2) + 17)]
    public async Task Bytes_written_read_back_the_same_with_their_length(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);

        Assert.Equal(size, await Store.WriteAsync("blob" + size, new MemoryStream(bytes), Ct));

        await using var read = await Store.OpenReadAsync("blob" + size, Ct);
        Assert.NotNull(read);
        Assert.True(read.CanSeek);
        Assert.Equal(size, read.Length);
        Assert.Equal(bytes, await ReadAllAsync(read));
    }

    [Fact]
    public async Task A_seek_reads_from_that_offset_across_chunks()
    {
        var bytes = RandomNumberGenerator.GetBytes((DatabaseBlobStore.DefaultChunkSize * 2) + 100);
        await Store.WriteAsync("seekable", new MemoryStream(bytes), Ct);
        await using var read = await Store.OpenReadAsync("seekable", Ct);
        Assert.NotNull(read);
        var offset = DatabaseBlobStore.DefaultChunkSize - 10;

        read.Seek(offset, SeekOrigin.Begin);
        var part = new byte[40];
        await read.ReadExactlyAsync(part, Ct);

        Assert.Equal(bytes.AsSpan(offset, 40).ToArray(), part);
    }

    [Fact]
    public async Task A_missing_blob_opens_as_null_and_deletes_quietly()
    {
        Assert.Null(await Store.OpenReadAsync("nothing", Ct));
        await Store.DeleteAsync("nothing", Ct);
    }

    [Fact]
    public async Task A_deleted_blob_is_gone()
    {
        await Store.WriteAsync("doomed", new MemoryStream([1, 2, 3]), Ct);

        await Store.DeleteAsync("doomed", Ct);

        Assert.Null(await Store.OpenReadAsync("doomed", Ct));
    }

    [Fact]
    public async Task A_write_whose_source_fails_leaves_nothing_readable()
    {
        var source = new FailingStream(RandomNumberGenerator.GetBytes(DatabaseBlobStore.DefaultChunkSize + 5), failAfter: DatabaseBlobStore.DefaultChunkSize + 1);

        await Assert.ThrowsAsync<InvalidDataException>(() => Store.WriteAsync("broken", source, Ct));

        Assert.Null(await Store.OpenReadAsync("broken", Ct));
    }

    [Fact]
    public async Task Ids_that_could_leave_the_store_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync("../escape", new MemoryStream([1]), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync("a/b", Ct));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    /// <summary>A source that throws after <c>failAfter</c> bytes, as an upload over the limit does.</summary>
    private sealed class FailingStream(byte[] bytes, int failAfter) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter)
            {
                throw new InvalidDataException("limit exceeded");
            }

            var allowed = (int)Math.Min(buffer.Length, failAfter - Position + 1);
            return await base.ReadAsync(buffer[..allowed], cancellationToken);
        }
    }
}
