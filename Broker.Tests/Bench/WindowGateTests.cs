using Broker.Bench.Load.Protocol;

namespace Broker.Tests.Bench;

public sealed class WindowGateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Admits_up_to_the_limit_then_waits_for_a_release()
    {
        var gate = new WindowGate(2);
        Assert.True(await gate.WaitAsync());
        Assert.True(await gate.WaitAsync());
        Assert.Equal(2, gate.InFlight);

        var third = gate.WaitAsync();
        Assert.False(third.IsCompleted);
        gate.Release();
        Assert.True(await third.AsTask().WaitAsync(Timeout, TestContext.Current.CancellationToken));
        Assert.Equal(2, gate.InFlight);

        gate.Release();
        gate.Release();
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task Close_wakes_the_waiter_with_false_and_refuses_later_waits()
    {
        var gate = new WindowGate(1);
        Assert.True(await gate.WaitAsync());
        var waiting = gate.WaitAsync();
        gate.Close();
        Assert.False(await waiting.AsTask().WaitAsync(Timeout, TestContext.Current.CancellationToken));
        Assert.False(await gate.WaitAsync());
        Assert.Equal(1, gate.InFlight);
        gate.Release();
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task Is_reusable_across_many_waits()
    {
        var gate = new WindowGate(1);
        for (var i = 0; i < 1_000; i++)
        {
            var wait = gate.WaitAsync();
            if (!wait.IsCompleted)
            {
                gate.Release();
            }

            Assert.True(await wait.AsTask().WaitAsync(Timeout, TestContext.Current.CancellationToken));
        }

        gate.Abandon();
        Assert.Equal(0, gate.InFlight);
    }
}
