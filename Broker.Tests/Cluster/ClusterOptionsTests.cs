using Broker.Hosting;
using Broker.Options;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broker.Tests.Cluster;

/// <summary>The <c>Cluster</c> settings: their defaults, and start-up refusing a cluster without PostgreSQL.</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public async Task By_default_the_cluster_is_off_and_nothing_of_Orleans_is_registered()
    {
        await using var broker = await TestBroker.StartAsync();

        var options = broker.Services.GetRequiredService<IOptions<BrokerClusterOptions>>().Value;
        Assert.False(options.Enabled);
        Assert.Equal("broker", options.ClusterId);
        Assert.Equal(11111, options.SiloPort);
        Assert.Equal("127.0.0.1", options.AdvertisedAddress);
        Assert.Null(broker.Services.GetService<IGrainFactory>());
        Assert.Null(broker.Services.GetService<IClusterMembershipService>());
        Assert.Null(broker.Services.GetService<IMembershipTable>());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("memory")]
    public void Enabling_the_cluster_on_another_store_than_postgres_stops_the_build(string provider)
    {
        var ex = Assert.Throws<ClusterConfigurationException>(() => BrokerHost.Build(["--Cluster:Enabled=true", "--Storage:Provider=" + provider]));

        Assert.Equal(
            $"Cluster:Enabled=true needs Storage:Provider=postgres (the cluster's membership lives in its database), but Storage:Provider is '{provider}'.",
            ex.Message);
    }

    [Theory]
    [InlineData("--Cluster:SiloPort=0", "SiloPort")]
    [InlineData("--Cluster:AdvertisedAddress=node-a.example", "Cluster:AdvertisedAddress 'node-a.example' is not an IP address.")]
    [InlineData("--Cluster:ClusterId= ", "Cluster:ClusterId must not be empty.")]
    public void Invalid_cluster_settings_stop_the_build_with_what_is_wrong(string setting, string expected)
    {
        var ex = Assert.Throws<ClusterConfigurationException>(() => BrokerHost.Build(
            ["--Cluster:Enabled=true", "--Storage:Provider=postgres", "--Storage:Postgres:ConnectionString=Host=127.0.0.1", setting]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_broker_process_started_with_a_cluster_on_sqlite_exits_with_one_clear_line()
    {
        using var node = BrokerNodeProcess.Start(["--Cluster:Enabled=true", "--Storage:Provider=sqlite"]);

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(node.StandardError, l => l.Length > 0);
        Assert.Equal(
            "Broker cannot start: Cluster:Enabled=true needs Storage:Provider=postgres (the cluster's membership lives in its database), but Storage:Provider is 'sqlite'.",
            line);
    }
}
