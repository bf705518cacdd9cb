using Broker.Protocol.Server;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// Everything the sessions of this node send to one topic's grain, in order, with one call in flight (calls between
/// grains are not ordered otherwise): what queues up during a call goes in the next one. When a call fails, its
/// client requests are answered 504 (timed out) or 503.
/// </summary>
internal sealed class TopicSender(string name, ITopicGrain grain, SiloAddress self, ClusterLog log, TimeProvider clock, Observability.BrokerMetrics metrics, ClusterTopicRouter router) : ITopicHandle
{
    private readonly Lock gate = new();
    private List<Item> pending = [];
    private bool sending;
    private bool retired;
    private long lastUsed = clock.GetTimestamp();

    public string Name { get; } = name;

    /// <summary>When this sender last took a command (a <see cref="TimeProvider"/> timestamp).</summary>
    public long LastUsed => Interlocked.Read(ref lastUsed);

    /// <summary>True once the router dropped this sender; what is posted to it goes to the topic's next sender.</summary>
    public bool IsRetired => Volatile.Read(ref retired);

    /// <summary>Retires the sender if nothing is queued or in flight; false (and nothing changes) otherwise.</summary>
    public bool TryRetire()
    {
        lock (gate)
        {
            if (!retired && !sending && pending.Count == 0)
            {
                Volatile.Write(ref retired, true);
            }

            return retired;
        }
    }

    public bool Post(TopicCommand command)
    {
        if (command.Session is not Session origin || ClusterCommands.ToCall(command, origin, self) is not { } call)
        {
            return false;
        }

        lock (gate)
        {
            if (!retired)
            {
                if (pending.Count >= ClusterCalls.SenderCapacity)
                {
                    return false;
                }

                Interlocked.Exchange(ref lastUsed, clock.GetTimestamp());
                pending.Add(new Item(call, command, null));
                StartIfIdle();
                return true;
            }
        }

        return router.SenderFor(Name).Post(command);
    }

    public Task DrainAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (!retired)
            {
                pending.Add(new Item(null, null, done));
                StartIfIdle();
                return done.Task.WaitAsync(cancellationToken);
            }
        }

        return router.SenderFor(Name).DrainAsync(cancellationToken);
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
            List<Item> batch;
            lock (gate)
            {
                if (pending.Count == 0)
                {
                    sending = false;
                    return;
                }

                batch = pending;
                pending = [];
            }

            var start = 0;
            for (var i = 0; i <= batch.Count; i++)
            {
                if (i < batch.Count && batch[i].Drain is null)
                {
                    continue;
                }

                await SendAsync(batch, start, i);
                if (i < batch.Count)
                {
                    await DrainAsync(batch[i].Drain!);
                }

                start = i + 1;
            }
        }
    }

    private async Task SendAsync(List<Item> batch, int from, int to)
    {
        if (to <= from)
        {
            return;
        }

        var calls = new TopicCall[to - from];
        for (var i = from; i < to; i++)
        {
            calls[i - from] = batch[i].Call!;
        }

        metrics.ClusterCall("topic");
        try
        {
            // Bounded here too: a call queued for a node that vanished must not hold the topic's sender past the timeout.
            await grain.DeliverAsync(self, router.NextBatch(), calls).WaitAsync(ClusterCalls.Timeout);
        }
        catch (Exception ex)
        {
            var code = ex is TimeoutException ? CtrlCode.GatewayTimeout : CtrlCode.ServiceUnavailable;
            log.TopicCallFailed(ex, Name, calls.Length, code.Code);
            for (var i = from; i < to; i++)
            {
                var command = batch[i].Command!;
                if (command is not (NoteCommand or DetachCommand))
                {
                    command.Session?.Reply(ClusterCommands.IdOf(command), ClusterCommands.TargetOf(command)?.ClientName, code);
                }
            }
        }
    }

    private async Task DrainAsync(TaskCompletionSource done)
    {
        try
        {
            metrics.ClusterCall("topic_drain");
            await grain.DrainAsync().WaitAsync(ClusterCalls.Timeout);
        }
        catch (Exception)
        {
            // The topic's node is gone or too slow: nothing more to wait for.
        }

        done.TrySetResult();
    }

    private sealed record Item(TopicCall? Call, TopicCommand? Command, TaskCompletionSource? Drain);
}
