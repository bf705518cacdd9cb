using Broker.Presence;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// This node's part in the cluster once its silo runs: activates its delivery endpoint (then the node is ready),
/// wires the hub, presence and the groups online (<see cref="ClusterGroups"/>) to the grains and the other nodes,
/// and acts on membership changes: a node that died has its sessions detached from the topics here, its outbox
/// dropped and its groups forgotten, and sessions here attached to topics it hosted get <c>{pres what:"term"}</c>;
/// a node that joined gets this node's presence and loaded groups.
/// </summary>
internal sealed class ClusterNode(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    Hub hub,
    PresenceRegistry presence,
    ClusterPresence clusterPresence,
    ClusterGroups clusterGroups,
    ClusterSessions clusterSessions,
    NodeOutboxes outboxes,
    NodeInbox inbox,
    SessionRegistry sessions,
    ClusterLog log) : BackgroundService
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private readonly HashSet<SiloAddress> active = [];
    private readonly HashSet<SiloAddress> dead = [];
    private readonly TaskCompletionSource joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool ready;

    /// <summary>True once the node's endpoint runs (so other nodes can deliver to it) and until it stops.</summary>
    public bool IsReady => ready;

    /// <summary>Completes when the node's endpoint first runs (the node is ready).</summary>
    public Task Joined => joined.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        hub.ActorGone = ActorGone;
        clusterPresence.Start();
        clusterGroups.Start();
        await ActivateEndpointAsync(stoppingToken);
        ready = true;
        joined.TrySetResult();
        using var sweep = new Timer(_ => clusterSessions.Sweep(), null, SweepEvery, SweepEvery);
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                OnMembership(snapshot);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Activates this node's endpoint here; retried while the cluster is still settling (e.g. nodes starting together).</summary>
    private async Task ActivateEndpointAsync(CancellationToken stoppingToken)
    {
        var endpoint = grains.GetGrain<INodeEndpointGrain>(NodeEndpointGrain.KeyOf(silo.SiloAddress));
        while (true)
        {
            try
            {
                await endpoint.ReportAsync().WaitAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.EndpointNotYet(ex);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        ready = false;
        return base.StopAsync(cancellationToken);
    }

    private void ActorGone(string routable)
    {
        clusterGroups.Changed(routable);
        _ = grains.GetGrain<ITopicGrain>(routable).ActorUnloadedAsync().ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private void OnMembership(ClusterMembershipSnapshot snapshot)
    {
        foreach (var member in snapshot.Members.Values)
        {
            if (member.SiloAddress.Equals(silo.SiloAddress))
            {
                continue;
            }

            if (member.Status == SiloStatus.Active && active.Add(member.SiloAddress))
            {
                clusterPresence.SendOwnedTo(member.SiloAddress);
                clusterGroups.SendLoadedTo(member.SiloAddress);
            }
            else if (member.Status == SiloStatus.Dead && dead.Add(member.SiloAddress))
            {
                active.Remove(member.SiloAddress);
                OnNodeDead(member.SiloAddress);
            }
        }
    }

    private void OnNodeDead(SiloAddress node)
    {
        outboxes.Drop(node);
        inbox.Forget(node);
        presence.ForgetCopiesOf(node);
        clusterGroups.ForgetNode(node);

        // Its sessions leave the topics of this node as a normal detach would ({pres off} and all).
        var gone = clusterSessions.RemoveNode(node);
        foreach (var session in gone)
        {
            foreach (var topic in session.AttachedTopics)
            {
                topic.Post(new DetachCommand(session));
            }
        }

        // Sessions here attached to topics it hosted: those attachments are lost; the client subscribes again.
        int terminated = 0, topics = 0;
        foreach (var session in sessions.All)
        {
            var lost = false;
            foreach (var handle in session.AttachedTopics)
            {
                if (handle is RemoteAttachment { Host: var host } && host.Equals(node) && session.OnDetachedRemotely(handle.Name, handle))
                {
                    session.Send(FrameWriter.Write(new MsgPres { Topic = TopicNames.Me, Src = ClientNameOf(handle.Name, session), What = "term" }));
                    lost = true;
                    topics++;
                }
            }

            terminated += lost ? 1 : 0;
        }

        log.NodeDied(node.ToString(), gone.Count, terminated, topics);
    }

    /// <summary>The name the session's client knows the topic by: <c>me</c>, the peer of a p2p topic, else the topic's own.</summary>
    private static string ClientNameOf(string routable, Session session)
    {
        if (routable == session.User.ToString())
        {
            return TopicNames.Me;
        }

        return routable.StartsWith(TopicNames.P2PPrefix, StringComparison.Ordinal)
            ? TopicNames.P2PPeer(routable, session.User).ToString()
            : routable;
    }
}
