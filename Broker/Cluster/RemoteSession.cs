using System.Collections.Concurrent;
using System.Net.WebSockets;
using Broker.Auth;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// A session connected to another node, as the topics of this node see it. Frames and attach/detach news go, in
/// order, through this node's <see cref="NodeOutbox"/> to that node. One object per session on this node
/// (<see cref="ClusterSessions"/>), so topics compare subscribers by reference as they do for local sessions.
/// </summary>
internal sealed class RemoteSession(SessionRef snapshot, NodeOutbox outbox, TimeProvider clock) : ISubscriber
{
    private readonly ConcurrentDictionary<string, TopicActor> attached = new(StringComparer.Ordinal);
    private volatile SessionRef snapshot = snapshot;

    public SiloAddress Node => snapshot.Node;

    public string Id => snapshot.SessionId;

    public UserId User => new(snapshot.User);

    public AuthLevel AuthLevel => (AuthLevel)snapshot.AuthLevel;

    public string? UserAgent => snapshot.UserAgent;

    public bool CanAttachAnother => snapshot.CanAttachAnother;

    /// <summary>Topics of this node the session is attached to.</summary>
    public ICollection<TopicActor> AttachedTopics => attached.Values;

    public int AttachedCount => attached.Count;

    /// <summary>Monotonic time of the last call that named this session (for the sweep of unused entries).</summary>
    public long LastSeen { get; private set; } = clock.GetTimestamp();

    /// <summary>Takes the newer snapshot a call carried (user agent, room for attachments).</summary>
    public void Refresh(SessionRef newer)
    {
        snapshot = newer;
        LastSeen = clock.GetTimestamp();
    }

    public bool Send(byte[] frame)
    {
        outbox.Frame(Id, frame);
        return true;
    }

    public void Reply(string? id, string? topic, CtrlCode code, CtrlParams? parameters = null) =>
        Send(Replies.Ctrl(id, topic, code, TimestampConverter.Truncate(clock.GetUtcNow().UtcDateTime), parameters));

    public bool IsAttached(string routableTopic) => attached.ContainsKey(routableTopic);

    public void OnAttached(TopicActor topic)
    {
        attached[topic.Name] = topic;
        outbox.Enqueue(new NodeDelivery { Kind = NodeDeliveryKind.Attached, Topic = topic.Name, Sessions = [Id] });
    }

    public void OnDetached(TopicActor topic)
    {
        if (attached.TryRemove(new KeyValuePair<string, TopicActor>(topic.Name, topic)))
        {
            outbox.Enqueue(new NodeDelivery { Kind = NodeDeliveryKind.Detached, Topic = topic.Name, Sessions = [Id] });
        }
    }

    public void CloseAfterFlush(WebSocketCloseStatus status, string reason) =>
        outbox.Enqueue(new NodeDelivery { Kind = NodeDeliveryKind.Close, Code = (int)status, Text = reason, Sessions = [Id] });
}
