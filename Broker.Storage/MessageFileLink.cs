namespace Broker.Storage;

/// <summary>The message <see cref="Seq"/> of a topic refers to the file <see cref="FileId"/> (<c>{pub extra:{attachments}}</c>).</summary>
public readonly record struct MessageFileLink(long Seq, string FileId);
