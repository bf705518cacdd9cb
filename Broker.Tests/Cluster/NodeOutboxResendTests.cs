using System.Net;
using Broker.Cluster;
using Broker.Observability;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Tests.Cluster;

/// <summary>
/// What a node sends to another node's sessions is not lost when a call fails while that node lives: the batch is
/// sent again under its number, and the receiving side applies each number once.
/// </summary>
public sealed class NodeOutboxResendTests
{
    private static readonly SiloAddress Self = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress Other = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);

    [Fact]
    public async Task A_failed_delivery_is_sent_again_under_its_number_and_applied_once_in_order()
    {
        await using var broker = await TestBroker.StartAsync();
        var endpoint = new Endpoint(failFirst: 2);
        var outbox = new NodeOutbox(Self, Other, endpoint.Grain, new ClusterLog(NullLogger<ClusterLog>.Instance), broker.Services.GetRequiredService<BrokerMetrics>());
        var first = "first"u8.ToArray();
        var second = "second"u8.ToArray();

        outbox.Frame("s1", first);
        await endpoint.Applied(1).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        outbox.Frame("s2", second);
        await endpoint.Applied(2).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([1L, 1L, 1L, 2L], endpoint.Numbers);
        Assert.Equal([first, second], endpoint.Frames);
    }

    [Fact]
    public async Task A_node_declared_dead_ends_the_resending()
    {
        await using var broker = await TestBroker.StartAsync();
        var endpoint = new Endpoint(failFirst: int.MaxValue);
        var outbox = new NodeOutbox(Self, Other, endpoint.Grain, new ClusterLog(NullLogger<ClusterLog>.Instance), broker.Services.GetRequiredService<BrokerMetrics>());

        outbox.Frame("s1", "lost with its node"u8.ToArray());
        var flushed = outbox.FlushAsync();
        await endpoint.Called(2).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(flushed.IsCompleted);

        outbox.Drop();
        await flushed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Empty(endpoint.Frames);
    }

    [Fact]
    public void A_resent_or_late_batch_is_not_taken_twice_and_a_forgotten_node_starts_again()
    {
        var numbers = new DeliveryNumbers();

        Assert.True(numbers.TryTake(Other, 1));
        Assert.False(numbers.TryTake(Other, 1));
        Assert.True(numbers.TryTake(Self, 1));
        Assert.True(numbers.TryTake(Other, 2));
        Assert.False(numbers.TryTake(Other, 1));

        numbers.Forget(Other);
        Assert.True(numbers.TryTake(Other, 1));
    }

    /// <summary>A node endpoint whose first calls fail; the rest are applied once per number, as the real inbox does.</summary>
    private sealed class Endpoint
    {
        private readonly Lock gate = new();
        private readonly DeliveryNumbers taken = new();
        private readonly List<long> numbers = [];
        private readonly List<byte[]> frames = [];
        private readonly List<(int Count, TaskCompletionSource Done)> appliedWaiters = [];
        private readonly List<(int Count, TaskCompletionSource Done)> calledWaiters = [];
        private int failuresLeft;

        public Endpoint(int failFirst)
        {
            failuresLeft = failFirst;
            Grain = TopicSenderRetirementTests.Proxy<INodeEndpointGrain>.Create(method =>
                method.Name == nameof(INodeEndpointGrain.DeliverAsync) ? args => Deliver((SiloAddress)args[0]!, (long)args[1]!, (NodeDelivery[])args[2]!) : null);
        }

        public INodeEndpointGrain Grain { get; }

        public IReadOnlyList<long> Numbers
        {
            get
            {
                lock (gate)
                {
                    return [.. numbers];
                }
            }
        }

        public IReadOnlyList<byte[]> Frames
        {
            get
            {
                lock (gate)
                {
                    return [.. frames];
                }
            }
        }

        public Task Applied(int count) => Wait(appliedWaiters, count, () => frames.Count);

        public Task Called(int count) => Wait(calledWaiters, count, () => numbers.Count);

        private Task Wait(List<(int Count, TaskCompletionSource Done)> waiters, int count, Func<int> current)
        {
            lock (gate)
            {
                if (current() >= count)
                {
                    return Task.CompletedTask;
                }

                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((count, done));
                return done.Task;
            }
        }

        private Task Deliver(SiloAddress from, long number, NodeDelivery[] batch)
        {
            lock (gate)
            {
                numbers.Add(number);
                Release(calledWaiters, numbers.Count);
                if (failuresLeft > 0)
                {
                    failuresLeft--;
                    return Task.FromException(new TimeoutException("the endpoint's lookup stalled"));
                }

                if (taken.TryTake(from, number))
                {
                    frames.AddRange(batch.Select(delivery => delivery.Frame!));
                    Release(appliedWaiters, frames.Count);
                }

                return Task.CompletedTask;
            }
        }

        private static void Release(List<(int Count, TaskCompletionSource Done)> waiters, int reached)
        {
            foreach (var waiter in waiters.Where(w => w.Count <= reached).ToList())
            {
                waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }
}
