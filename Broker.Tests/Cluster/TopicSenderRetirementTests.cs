using System.Net;
using System.Reflection;
using Broker.Cluster;
using Broker.Observability;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Tests.Cluster;

/// <summary>
/// A node keeps one sender per topic; an idle one is dropped after <see cref="ClusterCalls.SenderIdleTimeout"/>, a
/// busy one is kept, and a dropped one still in someone's hands passes what it is given on to the topic's next sender.
/// </summary>
public sealed class TopicSenderRetirementTests
{
    [Fact]
    public async Task Idle_senders_are_dropped_busy_ones_kept_and_a_dropped_one_hands_over_to_its_successor()
    {
        await using var broker = await TestBroker.StartAsync();
        var clock = new FakeTimeProvider();
        var grains = new FakeGrains();
        using var router = new ClusterTopicRouter(
            grains.Factory, LocalSilo.Create(), new ClusterLog(NullLogger<ClusterLog>.Instance), clock, broker.Services.GetRequiredService<BrokerMetrics>());

        var idle = router.SenderFor("grpIdle");
        var busy = router.SenderFor("grpBusy");
        Assert.Same(idle, router.SenderFor("grpIdle"));
        var held = busy.DrainAsync(TestContext.Current.CancellationToken);
        await grains.DrainStarted("grpBusy").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        clock.Advance(ClusterCalls.SenderIdleTimeout);

        Assert.True(idle.IsRetired);
        Assert.False(busy.IsRetired);
        Assert.Equal(1, router.SenderCount);
        Assert.Same(busy, router.SenderFor("grpBusy"));
        var successor = router.SenderFor("grpIdle");
        Assert.NotSame(idle, successor);

        // What is given to the dropped sender goes through its successor (one sender per topic, one order).
        var drained = idle.DrainAsync(TestContext.Current.CancellationToken);
        await grains.DrainStarted("grpIdle").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(successor.TryRetire());
        grains.FinishDrains();
        await Task.WhenAll(held, drained).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(1, grains.DrainCalls("grpIdle"));
    }

    /// <summary>Topic grains whose drain waits until <see cref="FinishDrains"/>; nothing else is called here.</summary>
    private sealed class FakeGrains
    {
        private readonly TaskCompletionSource finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Dictionary<string, TaskCompletionSource> started = [];
        private readonly Dictionary<string, int> drains = [];

        public FakeGrains() => Factory = Proxy<IGrainFactory>.Create(method => method.Name == nameof(IGrainFactory.GetGrain) ? args => Grain((string)args[0]!) : null);

        public IGrainFactory Factory { get; }

        public Task DrainStarted(string topic)
        {
            lock (started)
            {
                return Started(topic).Task;
            }
        }

        public int DrainCalls(string topic)
        {
            lock (started)
            {
                return drains.GetValueOrDefault(topic);
            }
        }

        public void FinishDrains() => finish.TrySetResult();

        private TaskCompletionSource Started(string topic)
        {
            if (!started.TryGetValue(topic, out var tcs))
            {
                tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                started[topic] = tcs;
            }

            return tcs;
        }

        private ITopicGrain Grain(string topic) => Proxy<ITopicGrain>.Create(method => method.Name == nameof(ITopicGrain.DrainAsync)
            ? _ =>
            {
                lock (started)
                {
                    drains[topic] = drains.GetValueOrDefault(topic) + 1;
                    Started(topic).TrySetResult();
                }

                return finish.Task;
            }
            : null);
    }

    private static class LocalSilo
    {
        public static ILocalSiloDetails Create()
        {
            var address = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
            return Proxy<ILocalSiloDetails>.Create(method => method.Name == "get_SiloAddress" ? _ => address : null);
        }
    }

    /// <summary>An interface whose methods are answered by <c>answer</c>; an unanswered method throws.</summary>
    public class Proxy<T> : DispatchProxy
        where T : class
    {
        private Func<MethodInfo, Func<object?[], object?>?> answer = null!;

        public static T Create(Func<MethodInfo, Func<object?[], object?>?> answer)
        {
            var proxy = DispatchProxy.Create<T, Proxy<T>>();
            ((Proxy<T>)(object)proxy).answer = answer;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            (answer(targetMethod!) ?? throw new NotSupportedException(targetMethod!.Name))(args ?? []);
    }
}
