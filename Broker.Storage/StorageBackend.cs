namespace Broker.Storage;

/// <summary>One configured backend: its aggregate stores and its lifecycle.</summary>
public sealed record StorageBackend(
    IUserStore Users,
    ITopicStore Topics,
    ISubscriptionStore Subscriptions,
    IMessageStore Messages,
    IStoreAdmin Admin);
