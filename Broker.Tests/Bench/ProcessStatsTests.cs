using System.Net;
using System.Net.Sockets;
using Broker.Bench.Load.Stats;

namespace Broker.Tests.Bench;

public sealed class ProcessStatsTests
{
    [Fact]
    public void Reads_cpu_and_memory_of_this_process()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "/proc is Linux only");
        var sample = ProcessStats.TryRead(Environment.ProcessId);
        Assert.NotNull(sample);
        Assert.True(sample.Value.RssBytes > 1024 * 1024);
        Assert.True(sample.Value.PeakRssBytes >= sample.Value.RssBytes);
        Assert.True(sample.Value.Threads > 0);
        Assert.True(sample.Value.Cpu > TimeSpan.Zero);
    }

    [Fact]
    public void Finds_the_process_listening_on_a_port()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "/proc is Linux only");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.Equal(Environment.ProcessId, BrokerProcessLocator.FindListener(port));
    }

    [Fact]
    public void Cpu_percent_is_the_cpu_time_over_the_wall_time()
    {
        var start = new ProcessSample(0, TimeSpan.FromSeconds(1), 0, 0, 1);
        var end = new ProcessSample(System.Diagnostics.Stopwatch.Frequency * 2, TimeSpan.FromSeconds(2), 0, 0, 1);
        Assert.Equal(50.0, ProcessSampler.CpuPercent(start, end)!.Value, 6);
        Assert.Null(ProcessSampler.CpuPercent(null, end));
    }
}
