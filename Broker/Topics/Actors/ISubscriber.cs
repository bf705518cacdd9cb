using System.Net.WebSockets;
using Broker.Auth;
using Broker.Protocol.Names;
using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary>
/// What a topic knows of a session attached to it or asking it something: a <see cref="Sessions.Session"/> of this
/// node, or (in a cluster) a <c>Cluster.RemoteSession</c> standing for a session on another node. Topic code
/// uses only this, so one implementation of every topic kind serves both.
/// </summary>
internal interface ISubscriber
{
    string Id { get; }

    UserId User { get; }

    AuthLevel AuthLevel { get; }

    string? UserAgent { get; }

    /// <summary>False when the session is attached to as many topics as it may be (a further {sub} answers 422).</summary>
    bool CanAttachAnother { get; }

    /// <summary>Queues an already serialized frame; false when it was dropped (slow consumer or gone).</summary>
    bool Send(byte[] frame);

    /// <summary>Sends a <c>{ctrl}</c> reply.</summary>
    void Reply(string? id, string? topic, CtrlCode code, CtrlParams? parameters = null);

    bool IsAttached(string routableTopic);

    /// <summary>Called by a topic actor when this session attached to it.</summary>
    void OnAttached(TopicActor topic);

    /// <summary>Called by a topic actor when this session is detached (leave, eviction, topic gone).</summary>
    void OnDetached(TopicActor topic);

    /// <summary>Sends what is queued, then closes (used after a final {ctrl} such as eviction or shutdown).</summary>
    void CloseAfterFlush(WebSocketCloseStatus status, string reason);
}
