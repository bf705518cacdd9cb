namespace Broker.Cluster;

/// <summary>
/// Everything this node sends to the sessions of one other node, in order, with one call in flight: what queues up
/// during a call goes in the next one. A frame fanned out to several sessions of that node in a row travels once,
/// with their ids.
/// </summary>
internal sealed class NodeOutbox(SiloAddress self, SiloAddress destination, INodeEndpointGrain endpoint, ClusterLog log, Observability.BrokerMetrics metrics)
{
    private readonly Lock gate = new();
    private List<Pending> pending = [];
    private List<TaskCompletionSource>? flushed;
    private bool sending;
    private bool dropped;

    public SiloAddress Destination { get; } = destination;

    /// <summary>Calls made so far (for the cluster benchmark: calls between nodes per published message).</summary>
    public long Calls => Interlocked.Read(ref calls);

    private long calls;

    public void Frame(string session, byte[] frame, string? skipIfAttachedTo = null)
    {
        lock (gate)
        {
            if (dropped)
            {
                return;
            }

            if (pending.Count > 0 && pending[^1] is { Kind: NodeDeliveryKind.Frame } last
                && ReferenceEquals(last.Frame, frame) && last.Topic == skipIfAttachedTo)
            {
                last.Sessions.Add(session);
                return;
            }

            pending.Add(new Pending(NodeDeliveryKind.Frame) { Frame = frame, Topic = skipIfAttachedTo, Sessions = { session } });
            StartIfIdle();
        }
    }

    public void Enqueue(NodeDelivery delivery)
    {
        lock (gate)
        {
            if (dropped)
            {
                return;
            }

            pending.Add(new Pending(delivery.Kind) { Ready = delivery });
            StartIfIdle();
        }
    }

    /// <summary>Completes once everything queued so far has been handed to the destination (or dropped).</summary>
    public Task FlushAsync()
    {
        lock (gate)
        {
            if (!sending || dropped)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (flushed ??= []).Add(done);
            return done.Task;
        }
    }

    /// <summary>The destination died: drop what is queued and everything sent from now on.</summary>
    public void Drop()
    {
        lock (gate)
        {
            dropped = true;
            pending.Clear();
        }
    }

    private void StartIfIdle()
    {
        if (sending)
        {
            return;
        }

        sending = true;
        _ = Task.Run(PumpAsync);
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (gate)
            {
                if (pending.Count == 0 || dropped)
                {
                    sending = false;
                    var waiting = flushed;
                    flushed = null;
                    waiting?.ForEach(static done => done.TrySetResult());
                    return;
                }

                batch = pending;
                pending = [];
            }

            var deliveries = new NodeDelivery[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                deliveries[i] = batch[i].ToDelivery();
            }

            try
            {
                Interlocked.Increment(ref calls);
                metrics.ClusterCall("delivery");
                await endpoint.DeliverAsync(self, deliveries).WaitAsync(ClusterCalls.Timeout);
            }
            catch (Exception ex)
            {
                log.DeliveryFailed(ex, Destination.ToString(), deliveries.Length);
            }
        }
    }

    private sealed class Pending(NodeDeliveryKind kind)
    {
        public NodeDeliveryKind Kind { get; } = kind;

        public byte[]? Frame { get; init; }

        public string? Topic { get; init; }

        public List<string> Sessions { get; } = [];

        public NodeDelivery? Ready { get; init; }

        public NodeDelivery ToDelivery() => Ready ?? new NodeDelivery { Kind = Kind, Frame = Frame, Topic = Topic, Sessions = [.. Sessions] };
    }
}
