namespace Broker.Storage.Blobs;

/// <summary>SQL of <see cref="DatabaseBlobStore"/>: the same text runs on SQLite and PostgreSQL (migration 0007).</summary>
internal static class BlobQueries
{
    public const string InsertChunk = "INSERT INTO blob_chunks (id, n, data) VALUES (@Id, @N, @Data)";

    public const string InsertBlob = "INSERT INTO blobs (id, size, chunk_size) VALUES (@Id, @Size, @ChunkSize)";

    public const string SelectBlob = "SELECT size AS Size, chunk_size AS ChunkSize FROM blobs WHERE id = @Id";

    public const string SelectChunk = "SELECT data FROM blob_chunks WHERE id = @Id AND n = @N";

    public const string DeleteBlob = "DELETE FROM blobs WHERE id = @Id";

    public const string DeleteChunks = "DELETE FROM blob_chunks WHERE id = @Id";
}
