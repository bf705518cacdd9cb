namespace Broker.Topics;

/// <summary>What became of a client's request handed to <see cref="Hub.PostWaitingAsync"/>.</summary>
internal enum PostOutcome
{
    Posted,

    /// <summary>The request needs a loaded topic and none is (nobody can be attached to it).</summary>
    NotLoaded,

    /// <summary>The topic's queue stayed full for the whole wait.</summary>
    QueueFull,
}
