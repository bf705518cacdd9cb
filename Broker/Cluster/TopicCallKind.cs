namespace Broker.Cluster;

internal enum TopicCallKind
{
    /// <summary>A client frame (sub, leave, pub, get, set, del, note) to parse and run on the topic's node.</summary>
    Frame = 0,

    /// <summary>The session closed: detach it silently.</summary>
    Detach = 1,
}
