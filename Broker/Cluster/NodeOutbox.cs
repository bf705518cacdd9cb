namespace Broker.Cluster;

/// <summary>
/// Everything this node sends to the sessions of one other node, in order, with one call in flight: what queues up
/// during a call goes in the next one. A frame fanned out to several sessions of that node in a row travels once,
/// with their ids. A call that fails (while membership changes, a lookup of the endpoint can stall past the timeout)
/// is sent again, the same batch under the same number, until it is taken or the node is declared dead: the
/// endpoint ignores a number it has already taken, so a timed-out call that arrives after all is not applied twice.
/// Nothing queued for a live node is dropped, so a session there never misses a reply or a message.
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
    private long lastNumber;
    private int overflowed;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(1);

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

            if (Overflows())
            {
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
            if (dropped || Overflows())
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
            Volatile.Write(ref dropped, true);
            pending.Clear();
        }
    }

    /// <summary>True (and counted) when the queue is full: the destination has taken nothing for a long while.</summary>
    private bool Overflows()
    {
        if (pending.Count < ClusterCalls.NodeOutboxCapacity)
        {
            return false;
        }

        overflowed++;
        return true;
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
                if (overflowed > 0)
                {
                    log.NodeOutboxOverflowed(Destination.ToString(), overflowed, ClusterCalls.NodeOutboxCapacity);
                    overflowed = 0;
                }
            }

            var deliveries = new NodeDelivery[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                deliveries[i] = batch[i].ToDelivery();
            }

            await SendUntilTakenAsync(++lastNumber, deliveries);
        }
    }

    private async Task SendUntilTakenAsync(long number, NodeDelivery[] deliveries)
    {
        var delay = FirstRetryDelay;
        while (!Volatile.Read(ref dropped))
        {
            try
            {
                Interlocked.Increment(ref calls);
                metrics.ClusterCall("delivery");
                await endpoint.DeliverAsync(self, number, deliveries).WaitAsync(ClusterCalls.Timeout);
                return;
            }
            catch (Exception ex)
            {
                log.DeliveryFailed(ex, Destination.ToString(), deliveries.Length);
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
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
