namespace Broker.Storage.InMemory;

/// <summary>All in-memory data, guarded by one lock: the in-memory backend is for tests and benchmarks.</summary>
internal sealed class InMemoryState
{
    public object Gate { get; } = new();
    public Dictionary<long, UserRecord> Users { get; } = [];
    public Dictionary<(string Scheme, string Unique), AuthRecord> AuthByUnique { get; } = [];
    public Dictionary<long, List<CredentialRecord>> Credentials { get; } = [];
    public Dictionary<(string Purpose, string Subject), OneTimeCode> Codes { get; } = [];
    public Dictionary<string, TopicRecord> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>Each topic's activation epoch (<see cref="ITopicStore.ClaimEpochAsync"/>); absent is 0.</summary>
    public Dictionary<string, long> Epochs { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string Topic, long User), SubscriptionRecord> Subscriptions { get; } = [];
    public Dictionary<string, SortedList<long, StoredMessage>> Messages { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<DeletionRecord>> Deletions { get; } = new(StringComparer.Ordinal);

    /// <summary>The tag index: the users and the topics holding each tag.</summary>
    public TagIndexState Tags { get; } = new();

    /// <summary>The seq and time of the last message each sender stored with an idempotency key, per topic.</summary>
    public Dictionary<(string Topic, long From, string Key), (long Seq, DateTime Ts)> MessageKeys { get; } = [];

    /// <summary>Outbox rows: attempts and due time of each outbound message not yet delivered.</summary>
    public Dictionary<(string Topic, long Seq), (int Attempts, DateTime DueAt)> Outbox { get; } = [];

    public List<ReportRecord> Reports { get; } = [];

    /// <summary>
    /// The refusal of a write under <paramref name="fence"/> (its topic gone or at another epoch), or null when the write
    /// may go ahead (no fence, or the current one). Called under <see cref="Gate"/>, before anything is written.
    /// </summary>
    public StaleTopicEpochException? Refuses(TopicFence? fence) =>
        fence is { } f && (!Topics.ContainsKey(f.Topic) || Epochs.GetValueOrDefault(f.Topic) != f.Epoch) ? StaleTopicEpochException.Of(f.Topic) : null;
}
