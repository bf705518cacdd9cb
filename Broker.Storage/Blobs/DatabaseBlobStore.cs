using Broker.Storage.Relational;
using Dapper;

namespace Broker.Storage.Blobs;

/// <summary>
/// Blobs in the broker's own SQLite or PostgreSQL database (<c>Files:Provider=database</c>), which every node of a
/// cluster already shares. A blob is cut into fixed-size chunks, each written in its own short transaction (an upload
/// from a slow client must not hold SQLite's single writer), and a <c>blobs</c> row written last marks it complete.
/// </summary>
internal sealed class DatabaseBlobStore(IRelationalDatabase database, int chunkSize = DatabaseBlobStore.DefaultChunkSize) : IBlobStore
{
    public const int DefaultChunkSize = 256 * 1024;

    public async Task<long> WriteAsync(string id, Stream content, CancellationToken cancellationToken)
    {
        BlobIds.ThrowIfInvalid(id);
        ArgumentNullException.ThrowIfNull(content);
        await DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[chunkSize];
        long size = 0;
        var n = 0;
        try
        {
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer, chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (filled == 0)
                {
                    break;
                }

                var data = filled == chunkSize ? buffer : buffer[..filled];
                var index = n;
                await database.WriteAsync(
                    (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                        BlobQueries.InsertChunk, new { Id = id, N = index, Data = data }, transaction, cancellationToken: cancellationToken)),
                    cancellationToken).ConfigureAwait(false);
                size += filled;
                n++;
                if (filled < chunkSize)
                {
                    break;
                }
            }

            await database.WriteAsync(
                (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                    BlobQueries.InsertBlob, new { Id = id, Size = size, ChunkSize = chunkSize }, transaction, cancellationToken: cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            return size;
        }
        catch
        {
            await DeleteAsync(id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken)
    {
        BlobIds.ThrowIfInvalid(id);
        var row = await database.ReadAsync(
            connection => connection.QuerySingleOrDefaultAsync<BlobRow>(new CommandDefinition(BlobQueries.SelectBlob, new { Id = id }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : new ChunkedBlobStream(row.Size, row.ChunkSize, (index, ct) => ReadChunkAsync(id, index, ct));
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        BlobIds.ThrowIfInvalid(id);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(BlobQueries.DeleteBlob, new { Id = id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(BlobQueries.DeleteChunks, new { Id = id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private async Task<byte[]> ReadChunkAsync(string id, long index, CancellationToken cancellationToken)
    {
        var data = await database.ReadAsync(
            connection => connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(BlobQueries.SelectChunk, new { Id = id, N = index }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return data ?? throw new IOException($"blob {id} has lost chunk {index}");
    }
}
