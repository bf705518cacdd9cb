namespace Broker.Storage;

/// <summary>
/// One configured backend: its aggregate stores and its lifecycle. Disposing it closes the backend's connections
/// (its <see cref="Admin"/> owns them when it is <see cref="IAsyncDisposable"/>).
/// </summary>
public sealed record StorageBackend(
    IUserStore Users,
    ITopicStore Topics,
    ISubscriptionStore Subscriptions,
    IMessageStore Messages,
    IOutboxStore Outbox,
    IStoreAdmin Admin) : IAsyncDisposable
{
    /// <summary>Users and topics by tag (fnd search).</summary>
    public required ITagIndex Tags { get; init; }

    /// <summary>Uploaded files' records and links; null on a backend without them (file uploads are then refused with 501).</summary>
    public IFileStore? Files { get; init; }

    /// <summary>Abuse reports (the <c>sys</c> topic); every backend has them.</summary>
    public IReportStore Reports { get; init; } = null!;

    /// <summary>The blob store in this backend's own database (<c>Files:Provider=database</c>), where it has one.</summary>
    public Blobs.IBlobStore? DatabaseBlobs { get; init; }

    public ValueTask DisposeAsync() => Admin is IAsyncDisposable owner ? owner.DisposeAsync() : ValueTask.CompletedTask;
}
