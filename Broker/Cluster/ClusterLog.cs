namespace Broker.Cluster;

/// <summary>The cluster's log events (ids 9xxx).</summary>
internal sealed partial class ClusterLog(ILogger<ClusterLog> logger)
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning, Message = "Delivery to node {Node} failed; its {Count} instructions are sent again until the node takes them or is declared dead")]
    public partial void DeliveryFailed(Exception exception, string node, int count);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Error, Message = "Node {Node} took nothing while {Capacity} instructions waited for it; {Count} more were dropped")]
    public partial void NodeOutboxOverflowed(string node, int count, int capacity);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Call to topic {Topic} failed; {Count} commands answered {Code}")]
    public partial void TopicCallFailed(Exception exception, string topic, int count, int code);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Node {Node} is dead: {Sessions} of its sessions detached here, {Terminated} sessions here lost {Topics} topics")]
    public partial void NodeDied(string node, int sessions, int terminated, int topics);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "Topic grain {Topic} deactivating ({Reason}); {Sessions} attached sessions told to subscribe again")]
    public partial void HandingOver(string topic, string reason, int sessions);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Information, Message = "This node's delivery endpoint did not start yet; retrying")]
    public partial void EndpointNotYet(Exception exception);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "A topic call carried a frame that does not parse; dropped")]
    public partial void UnparsableCall();

    [LoggerMessage(EventId = 9106, Level = LogLevel.Warning, Message = "A batch of {Count} calls to topic {Topic} arrived after a later one (its call had timed out, answered 504); dropped")]
    public partial void OvertakenBatch(string topic, int count);
}
