namespace Broker.Storage;

/// <summary>
/// Uploaded files' records and what refers to them. A file is in use while a link to it is alive: a message that
/// is not hard-deleted, a topic or a user that still exists. Deleting messages, topics or users needs no call here.
/// </summary>
public interface IFileStore
{
    /// <summary>Records a file whose bytes are about to be written (not <see cref="FileRecord.Ready"/>).</summary>
    Task CreateAsync(FileRecord file, CancellationToken cancellationToken);

    /// <summary>Marks the file's bytes as stored, with their size.</summary>
    Task CompleteAsync(string id, long size, CancellationToken cancellationToken);

    Task<FileRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Links messages of <paramref name="topic"/> to files; ids of files that do not exist are ignored.</summary>
    Task LinkMessagesAsync(string topic, IReadOnlyList<MessageFileLink> links, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="fileIds"/> (existing ones) the only files the owner's avatar refers to.</summary>
    Task ReplaceAvatarLinksAsync(FileOwner owner, IReadOnlyList<string> fileIds, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the records (and links) of up to <paramref name="limit"/> files created before <paramref name="createdBefore"/>
    /// that nothing alive refers to, and returns their ids: the caller removes their blobs.
    /// </summary>
    Task<IReadOnlyList<string>> DeleteUnusedAsync(DateTime createdBefore, int limit, CancellationToken cancellationToken);
}
