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
    public ValueTask DisposeAsync() => Admin is IAsyncDisposable owner ? owner.DisposeAsync() : ValueTask.CompletedTask;
}
