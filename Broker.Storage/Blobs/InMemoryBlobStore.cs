using System.Collections.Concurrent;

namespace Broker.Storage.Blobs;

/// <summary>Blobs in memory (<c>Files:Provider=database</c> on the in-memory store): for tests, nothing survives a restart.</summary>
public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, byte[]> blobs = new(StringComparer.Ordinal);

    public async Task<long> WriteAsync(string id, Stream content, CancellationToken cancellationToken)
    {
        BlobIds.ThrowIfInvalid(id);
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        blobs[id] = buffer.ToArray();
        return buffer.Length;
    }

    public Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken)
    {
        BlobIds.ThrowIfInvalid(id);
        return Task.FromResult<Stream?>(blobs.TryGetValue(id, out var bytes) ? new MemoryStream(bytes, writable: false) : null);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        BlobIds.ThrowIfInvalid(id);
        blobs.TryRemove(id, out _);
        return Task.CompletedTask;
    }
}
