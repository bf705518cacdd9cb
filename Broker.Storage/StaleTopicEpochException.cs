namespace Broker.Storage;

/// <summary>
/// A fenced write came from a topic activation whose epoch is no longer the topic's: another activation claimed the
/// topic since (<see cref="ITopicStore.ClaimEpochAsync"/>), or deleted it. Nothing of the write was stored. An
/// <see cref="InvalidOperationException"/>, so a group commit fails only the stale append.
/// </summary>
public sealed class StaleTopicEpochException : InvalidOperationException
{
    public StaleTopicEpochException()
    {
    }

    public StaleTopicEpochException(string message)
        : base(message)
    {
    }

    public StaleTopicEpochException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refusal of a write to <paramref name="topic"/>, the same words in every store.</summary>
    internal static StaleTopicEpochException Of(string topic) => new($"topic {topic} was claimed by a newer activation");
}
