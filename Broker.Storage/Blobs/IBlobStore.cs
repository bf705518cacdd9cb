namespace Broker.Storage.Blobs;

/// <summary>
/// Where uploaded files' bytes live (<c>Files:Provider</c>): a folder, the broker's database, or memory. A blob is
/// written once under an id the caller chose and never changed; its metadata and links are the file store's.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Copies <paramref name="content"/> to the blob <paramref name="id"/> as it is read and returns its length. When
    /// the copy fails (the stream throws, e.g. past the upload limit) nothing readable remains under the id.
    /// </summary>
    Task<long> WriteAsync(string id, Stream content, CancellationToken cancellationToken);

    /// <summary>A seekable stream of the blob with its <see cref="Stream.Length"/>, or null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes the blob; removing one that does not exist is not an error.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);
}
