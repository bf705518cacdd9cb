namespace Broker.Storage;

/// <summary>
/// A fenced write came from a topic activation whose epoch is no longer the topic's: another activation claimed the
/// topic since (<see cref="ITopicStore.ClaimEpochAsync"/>). Nothing of the write was stored. An
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
}
