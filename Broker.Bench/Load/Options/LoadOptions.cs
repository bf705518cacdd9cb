using System.Net;
using Broker.Bench.Load.Simulations;

namespace Broker.Bench.Load.Options;

/// <summary>
/// Everything a load run is told. Defaults are declared here once; scenario-specific ones come from
/// <see cref="For"/>. <c>--rate</c> is the total publish rate of the run (msg/s), 0 = unthrottled with at most
/// <see cref="Window"/> publishes in flight per publisher.
/// </summary>
internal sealed record LoadOptions
{
    public ScenarioKind Scenario { get; init; }

    /// <summary>The name of a defined scenario (<see cref="ScenarioKind.Defined"/>).</summary>
    public string? DefinedName { get; init; }

    // target
    public Uri? Url { get; init; }

    /// <summary>Further nodes of the same broker cluster (<c>--url a,b,c</c>): sessions go round-robin over <see cref="Url"/> and these.</summary>
    public IReadOnlyList<Uri> ExtraUrls { get; init; } = [];
    public StoreKind Store { get; init; } = StoreKind.Memory;
    public bool Baseline { get; init; }
    public BaselineFlush BaselineFlush { get; init; } = BaselineFlush.Batch;
    /// <summary>Sent as X-Tinode-APIKey; Tinode's demo key, valid for the broker's default salt.</summary>
    public string? ApiKey { get; init; } = DemoApiKey;

    public const string DemoApiKey = "AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K";
    public int? BrokerPid { get; init; }

    // timing
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public long? StartAtUnixMs { get; init; }

    // traffic
    public double Rate { get; init; } = 1000;
    public int Window { get; init; } = 64;
    public int Size { get; init; } = 128;

    // fanout / mixed groups
    public int Groups { get; init; } = 1;
    public int Subscribers { get; init; } = 50;
    public int Publishers { get; init; } = 1;

    /// <summary>fanout: the groups are channels and the subscribers their readers (not counted against MaxSubscriberCount).</summary>
    public bool Channel { get; init; }

    /// <summary>
    /// fanout: publishers drop R from their own want (owner JWPASDO, others JWP), so they get acks but no messages and
    /// the audience of every message is the subscribers alone: the topic's publish path is loaded, not the generator.
    /// </summary>
    public bool WriteOnlyPublishers { get; init; }

    // pairs / mixed
    public int Pairs { get; init; } = 10;

    // connect / mixed
    public int Sessions { get; init; } = 1000;
    public int Users { get; init; } = 20;
    public int Concurrency { get; init; } = 32;
    public double RampRate { get; init; }

    // history
    public int Topics { get; init; } = 1;
    public int Messages { get; init; } = 1000;
    public int Readers { get; init; } = 4;
    public int PageSize { get; init; } = 100;

    // mixed
    public int GroupSize { get; init; } = 8;
    public double Typing { get; init; } = 0.5;

    // load profile and pass/fail criteria
    /// <summary><c>--load</c>: replaces the scenario's load profile (traffic scenarios: the publish rate over time).</summary>
    public IReadOnlyList<LoadSimulation>? Load { get; init; }

    /// <summary><c>--threshold</c> expressions (see <see cref="Api.ThresholdParser"/>).</summary>
    public IReadOnlyList<string> Thresholds { get; init; } = [];

    // run
    public ShardSpec Shard { get; init; } = ShardSpec.Single;
    public int SetupParallelism { get; init; } = 8;
    public string? JsonPath { get; init; }
    public string? CsvPath { get; init; }
    public string? HtmlPath { get; init; }
    public string? MarkdownPath { get; init; }
    public string? Label { get; init; }
    public bool Progress { get; init; } = true;

    /// <summary>The defaults of a scenario, before the command line overrides them.</summary>
    public static LoadOptions For(ScenarioKind scenario) => scenario switch
    {
        ScenarioKind.Fanout => new LoadOptions { Scenario = scenario },
        ScenarioKind.Pairs => new LoadOptions { Scenario = scenario, Rate = 500 },
        ScenarioKind.Connect => new LoadOptions { Scenario = scenario, Warmup = TimeSpan.Zero },
        ScenarioKind.History => new LoadOptions { Scenario = scenario, Warmup = TimeSpan.FromSeconds(1) },
        ScenarioKind.Mixed => new LoadOptions { Scenario = scenario, Rate = 50, Groups = 2, Sessions = 200, Duration = TimeSpan.FromSeconds(60) },
        ScenarioKind.Defined => new LoadOptions { Scenario = scenario, Sessions = 10, Rate = 50, Warmup = TimeSpan.Zero },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    /// <summary>The scenario's name in reports and on the command line.</summary>
    public string ScenarioName => Scenario == ScenarioKind.Defined ? DefinedName ?? "defined" : Scenario.ToString().ToLowerInvariant();

    /// <summary>fanout, pairs and mixed: publishers paced by a rate.</summary>
    public bool IsTraffic => Scenario is ScenarioKind.Fanout or ScenarioKind.Pairs or ScenarioKind.Mixed;

    /// <summary>Names the target in reports: <c>url</c>, <c>baseline-batch</c>, <c>inproc-memory</c>…</summary>
    public string TargetName =>
        Url is not null ? "url" :
        Baseline ? $"baseline-{BaselineFlush.ToString().ToLowerInvariant()}" :
        $"inproc-{Store.ToString().ToLowerInvariant()}";

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url is not null)
        {
            foreach (var url in ExtraUrls.Prepend(Url))
            {
                if (url.Scheme is not ("ws" or "wss"))
                {
                    errors.Add("--url must be a ws:// or wss:// address");
                }
                else if (!IsLoopback(url))
                {
                    errors.Add("--url must point to this machine (127.0.0.0/8, localhost or [::1]); load is never sent elsewhere");
                }
            }

            if (Baseline)
            {
                errors.Add("--baseline runs its own in-process broadcaster; it cannot be combined with --url");
            }
        }

        if (Baseline && Scenario is ScenarioKind.History or ScenarioKind.Mixed)
        {
            errors.Add("--baseline answers hi/acc/login/sub/pub only; use it with fanout, pairs, connect or a defined scenario");
        }

        if (Load is { } load)
        {
            if (IsTraffic && load.Any(s => s is KeepConstant or RampingConstant))
            {
                errors.Add("--load: fanout, pairs and mixed pace their publishers by rate; use inject, ramping-inject and pause");
            }
            else if (Scenario is ScenarioKind.Connect)
            {
                errors.Add("--load: connect ramps with --ramp-rate and --concurrency, then holds for --duration");
            }
        }

        foreach (var threshold in Thresholds)
        {
            if (!Api.ThresholdParser.TryParse(threshold, out _, out var error))
            {
                errors.Add(error);
            }
        }

        Positive(errors, Window, "--window");
        Positive(errors, SetupParallelism, "--setup-parallel");
        if (Rate < 0)
        {
            errors.Add("--rate must be >= 0 (0 = unthrottled)");
        }

        if (Size < 0)
        {
            errors.Add("--size must be >= 0");
        }

        if (Duration <= TimeSpan.Zero)
        {
            errors.Add("--duration must be positive");
        }

        switch (Scenario)
        {
            case ScenarioKind.Fanout:
                Positive(errors, Groups, "--groups");
                Positive(errors, Subscribers, "--subscribers");
                Positive(errors, Publishers, "--publishers");
                if (Channel && Publishers != 1)
                {
                    errors.Add("--channel: a channel's members are invited, so only its creator publishes; use --publishers 1");
                }

                break;
            case ScenarioKind.Pairs:
                Positive(errors, Pairs, "--pairs");
                break;
            case ScenarioKind.Connect:
                Positive(errors, Sessions, "--sessions");
                Positive(errors, Users, "--users");
                Positive(errors, Concurrency, "--concurrency");
                break;
            case ScenarioKind.History:
                Positive(errors, Topics, "--topics");
                Positive(errors, Messages, "--messages");
                Positive(errors, Readers, "--readers");
                if (PageSize is < 1 or > 100)
                {
                    errors.Add("--page must be 1..100 (Tinode caps a page at 100)");
                }

                break;
            case ScenarioKind.Defined:
                Positive(errors, Sessions, "--sessions");
                break;
            case ScenarioKind.Mixed:
                Positive(errors, Sessions, "--sessions");
                Positive(errors, Users, "--users");
                if (Pairs < 0 || Groups < 0 || GroupSize < 2 && Groups > 0)
                {
                    errors.Add("--pairs and --groups must be >= 0 and --group-size >= 2");
                }

                if ((2 * Pairs) + (Groups * GroupSize) > Sessions)
                {
                    errors.Add("--sessions must cover the chatting sessions: 2 x --pairs + --groups x --group-size");
                }

                if (Typing is < 0 or > 1)
                {
                    errors.Add("--typing is a probability (0..1)");
                }

                break;
        }

        return errors;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static void Positive(List<string> errors, int value, string name)
    {
        if (value < 1)
        {
            errors.Add($"{name} must be >= 1");
        }
    }
}
