namespace Broker.Storage;

/// <summary>
/// An uploaded file: who uploaded it, its content type and, once its bytes are stored (<see cref="Ready"/>), its
/// size. The bytes live in the configured blob store under the same id.
/// </summary>
public sealed record FileRecord(string Id, long UserId, string MimeType, long Size, DateTime Created, bool Ready);
