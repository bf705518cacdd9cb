namespace Broker.Storage.Blobs;

/// <summary>A row of <c>blobs</c>: written after the last chunk, so its presence says the blob is complete.</summary>
internal sealed class BlobRow
{
    public long Size { get; set; }
    public int ChunkSize { get; set; }
}
