using Broker.Bench.Load.Options;

namespace Broker.Tests.Bench;

public sealed class LoadOptionsTests
{
    [Fact]
    public void Parses_a_fanout_command_line()
    {
        var o = LoadCommand.ParseOptions("load", "fanout", "--groups", "3", "--subscribers", "10", "--publishers", "2",
            "--rate", "0", "--window", "32", "--size", "256", "--duration", "1m", "--warmup", "500ms", "--store", "sqlite",
            "--shard", "1/2", "--json", "out.json", "--label", "abc");
        Assert.Equal(ScenarioKind.Fanout, o.Scenario);
        Assert.Equal(3, o.Groups);
        Assert.Equal(10, o.Subscribers);
        Assert.Equal(2, o.Publishers);
        Assert.Equal(0, o.Rate);
        Assert.Equal(32, o.Window);
        Assert.Equal(256, o.Size);
        Assert.Equal(TimeSpan.FromMinutes(1), o.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.Warmup);
        Assert.Equal(StoreKind.Sqlite, o.Store);
        Assert.Equal(new ShardSpec(1, 2), o.Shard);
        Assert.Equal("out.json", o.JsonPath);
        Assert.Equal("abc", o.Label);
        Assert.Equal("inproc-sqlite", o.TargetName);
        Assert.Empty(o.Validate());
    }

    [Fact]
    public void Scenario_defaults_apply_when_options_are_left_out()
    {
        var mixed = LoadCommand.ParseOptions("load", "mixed");
        Assert.Equal(2, mixed.Groups);
        Assert.Equal(200, mixed.Sessions);
        Assert.Equal(50, mixed.Rate);
        var connect = LoadCommand.ParseOptions("load", "connect", "--sessions", "50");
        Assert.Equal(50, connect.Sessions);
        Assert.Equal(1, connect.Groups);
    }

    [Fact]
    public void Baseline_and_url_are_named_in_the_target()
    {
        Assert.Equal("baseline-batch", LoadCommand.ParseOptions("load", "fanout", "--baseline").TargetName);
        Assert.Equal("baseline-message", LoadCommand.ParseOptions("load", "fanout", "--baseline", "--baseline-flush", "message").TargetName);
        var remote = LoadCommand.ParseOptions("load", "pairs", "--url", "ws://127.0.0.1:6060/v0/channels");
        Assert.Equal("url", remote.TargetName);
        Assert.Empty(remote.Validate());
    }

    [Fact]
    public async Task A_list_of_urls_spreads_sessions_round_robin_over_the_nodes()
    {
        var o = LoadCommand.ParseOptions("load", "fanout", "--url", "ws://127.0.0.1:6061/v0/channels, ws://127.0.0.1:6062/v0/channels,ws://127.0.0.1:6063/v0/channels");
        Assert.Equal(new Uri("ws://127.0.0.1:6061/v0/channels"), o.Url);
        Assert.Equal([new Uri("ws://127.0.0.1:6062/v0/channels"), new Uri("ws://127.0.0.1:6063/v0/channels")], o.ExtraUrls);
        Assert.Empty(o.Validate());

        await using var sampler = new Broker.Bench.Load.Stats.ProcessSampler(null, TimeSpan.FromSeconds(1));
        var ctx = new Broker.Bench.Load.Run.RunContext(o, o.Url!, sampler, TextWriter.Null, TextWriter.Null);
        Assert.Equal([6061, 6062, 6063, 6061, 6062], Enumerable.Range(0, 5).Select(_ => ctx.NextEndpoint().Port));
    }

    [Fact]
    public void Every_url_of_a_list_must_be_loopback()
    {
        var o = LoadCommand.ParseOptions("load", "fanout", "--url", "ws://127.0.0.1:6061/v0/channels,ws://10.0.0.5:6062/v0/channels");
        Assert.NotEmpty(o.Validate());
    }

    [Theory]
    [InlineData("ws://10.0.0.5:6060/v0/channels")]
    [InlineData("ws://example.com/v0/channels")]
    [InlineData("http://127.0.0.1:6060/v0/channels")]
    public void Only_loopback_websocket_urls_are_accepted(string url)
    {
        var o = LoadCommand.ParseOptions("load", "fanout", "--url", url);
        Assert.NotEmpty(o.Validate());
    }

    [Theory]
    [InlineData("ws://localhost:6060/v0/channels")]
    [InlineData("ws://127.0.0.2:6060/im")]
    [InlineData("ws://[::1]:6060/v0/channels")]
    public void Loopback_urls_are_accepted(string url) =>
        Assert.Empty(LoadCommand.ParseOptions("load", "fanout", "--url", url).Validate());

    [Theory]
    [InlineData("--duration", "soon")]
    [InlineData("--shard", "2/2")]
    [InlineData("--shard", "x")]
    public void Bad_values_are_rejected(string option, string value) =>
        Assert.Throws<ArgumentException>(() => LoadCommand.ParseOptions("load", "fanout", option, value));

    [Fact]
    public void Validation_names_the_broken_option()
    {
        var errors = (LoadOptions.For(ScenarioKind.Mixed) with { Sessions = 10, Pairs = 5, Groups = 1, GroupSize = 4 }).Validate();
        Assert.Contains(errors, e => e.Contains("--sessions", StringComparison.Ordinal));
        var baseline = (LoadOptions.For(ScenarioKind.History) with { Baseline = true }).Validate();
        Assert.Contains(baseline, e => e.Contains("--baseline", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("1.5", 1.5)]
    [InlineData("00:01:30", 90)]
    public void Durations_parse(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Fact]
    public void Shards_split_units_round_robin()
    {
        Assert.True(ShardSpec.TryParse("1/3", out var shard));
        Assert.Equal([1, 4, 7], Enumerable.Range(0, 9).Where(shard.Owns));
        Assert.Equal(3, shard.Share(9));
        Assert.Equal(3, shard.Share(8));
        Assert.Equal(2, shard.Share(7));
        Assert.Equal(0, shard.Share(1));
        var total = Enumerable.Range(0, 3).Sum(i => new ShardSpec(i, 3).Share(10));
        Assert.Equal(10, total);
    }

    [Fact]
    public void Load_profiles_thresholds_and_report_files_parse()
    {
        var o = LoadCommand.ParseOptions("load", "fanout", "--load", "ramping-inject:500:10s,inject:500:30s,pause:5s",
            "--threshold", "ack:p99<50ms", "--threshold", "fail%<1", "--csv", "r.csv", "--html", "r.html", "--markdown", "r.md");
        Assert.Equal(3, o.Load!.Count);
        Assert.Equal(new Broker.Bench.Load.Simulations.RampingInject(500, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), o.Load[0]);
        Assert.Equal(["ack:p99<50ms", "fail%<1"], o.Thresholds);
        Assert.Equal(("r.csv", "r.html", "r.md"), (o.CsvPath, o.HtmlPath, o.MarkdownPath));
        Assert.Empty(o.Validate());
    }

    [Fact]
    public void Defined_scenarios_are_commands_of_their_own()
    {
        var o = LoadCommand.ParseOptions("load", "publish-read", "--sessions", "3", "--load", "keep:3:2s");
        Assert.Equal(ScenarioKind.Defined, o.Scenario);
        Assert.Equal("publish-read", o.ScenarioName);
        Assert.Equal(3, o.Sessions);
        Assert.Empty(o.Validate());
        Assert.Contains("publish-read", Broker.Bench.Load.Api.ScenarioCatalog.Names);
    }

    [Theory]
    [InlineData("fanout", "--load", "keep-constant:10:5s", "inject")]
    [InlineData("connect", "--load", "inject:10:5s", "--ramp-rate")]
    [InlineData("fanout", "--threshold", "ack:p99", "--threshold")]
    public void Profiles_and_thresholds_a_scenario_cannot_use_are_refused(string scenario, string option, string value, string hint)
    {
        var errors = LoadCommand.ParseOptions("load", scenario, option, value).Validate();
        Assert.Contains(errors, e => e.Contains(hint, StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_load_profile_is_a_usage_error() =>
        Assert.Throws<ArgumentException>(() => LoadCommand.ParseOptions("load", "pairs", "--load", "inject:lots:5s"));
}
