using System.CommandLine;
using System.CommandLine.Parsing;
using Broker.Bench.Load.Api;
using Broker.Bench.Load.Baseline;
using Broker.Bench.Load.Run;
using Broker.Bench.Load.Simulations;

namespace Broker.Bench.Load.Options;

/// <summary>
/// The <c>load &lt;scenario&gt; [options]</c> command line (System.CommandLine). Options common to every scenario
/// live on <c>load</c> and are inherited; each scenario adds its own. Values left out keep the defaults of
/// <see cref="LoadOptions.For"/>.
/// </summary>
internal sealed class LoadCommand
{
    private readonly Option<string?> Url = new("--url") { Description = "Target broker, e.g. ws://127.0.0.1:6060/v0/channels (loopback only); a comma-separated list of a cluster's nodes spreads the sessions round-robin over them. Without it a broker is started in-process.", Recursive = true };
    private readonly Option<StoreKind?> Store = new("--store") { Description = "Store of the in-process broker: memory (default), sqlite or litedb (temporary file).", Recursive = true };
    private readonly Option<bool> Baseline = new("--baseline") { Description = "Run against a bare Kestrel WebSocket broadcaster in this process (platform ceiling) instead of the broker.", Recursive = true };
    private readonly Option<BaselineFlush?> BaselineFlushMode = new("--baseline-flush") { Description = "Baseline writes: batch (all queued messages, one flush; default) or message (one flush per message).", Recursive = true };
    private readonly Option<TimeSpan?> Duration = Span("--duration", "Measured time (10s, 2m, 1h…).");
    private readonly Option<TimeSpan?> Warmup = Span("--warmup", "Traffic before the measured window: checked for loss, not timed.");
    private readonly Option<TimeSpan?> Drain = Span("--drain", "After publishing stops, how long to wait for outstanding acks and deliveries.");
    private readonly Option<TimeSpan?> RequestTimeout = Span("--request-timeout", "Timeout of each setup request (hi, acc, login, sub, get).");
    private readonly Option<double?> Rate = new("--rate") { Description = "Total publish rate in msg/s; 0 = unthrottled, bounded by --window.", Recursive = true };
    private readonly Option<int?> Window = new("--window") { Description = "Publishes in flight per publisher (sent, not yet acked). Default 64.", Recursive = true };
    private readonly Option<int?> Size = new("--size") { Description = "Approximate content size in bytes (probe + padding). Default 128.", Recursive = true };
    private readonly Option<string?> Json = new("--json") { Description = "Write the result as JSON to this file.", Recursive = true };
    private readonly Option<string?> Shard = new("--shard") { Description = "i/n: run share i of n (groups, pairs, sessions or readers) so n processes split the clients.", Recursive = true };
    private readonly Option<long?> StartAt = new("--start-at") { Description = "Unix time in ms to start traffic after setup (lines up several --shard processes).", Recursive = true };
    private readonly Option<int?> SetupParallel = new("--setup-parallel") { Description = "Sessions set up concurrently (account creation hashes passwords). Default 8.", Recursive = true };
    private readonly Option<string?> ApiKey = new("--api-key") { Description = "Sent as X-Tinode-APIKey (default: Tinode's demo key, valid for the default Auth:ApiKeySalt).", Recursive = true, DefaultValueFactory = _ => LoadOptions.DemoApiKey };
    private readonly Option<int?> BrokerPid = new("--broker-pid") { Description = "Process to sample for CPU/RSS with --url (default: whoever listens on the port).", Recursive = true };
    private readonly Option<string?> Label = new("--label") { Description = "Free text for the Markdown row (commit, machine…).", Recursive = true };
    private readonly Option<string?> Csv = new("--csv") { Description = "Write per-step statistics and their per-second timeline as CSV to this file.", Recursive = true };
    private readonly Option<string?> Html = new("--html") { Description = "Write a self-contained HTML report with charts to this file.", Recursive = true };
    private readonly Option<string?> Markdown = new("--markdown") { Description = "Also write the Markdown summary table to this file.", Recursive = true };
    private readonly Option<string?> Load = new("--load") { Description = "Load simulations in sequence, e.g. 'ramping-inject:500:10s,inject:500:30s,pause:5s' (inject, ramping-inject, keep-constant, ramping-constant, pause).", Recursive = true };
    private readonly Option<string[]> Threshold = new("--threshold") { Description = "Pass/fail criterion [STEP:]METRIC OP VALUE, e.g. 'ack:p99<50ms' or 'fail%<1' (repeatable); a failed one exits with 3.", Recursive = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> NoProgress = new("--no-progress") { Description = "No live progress line (it is shown only on a terminal anyway).", Recursive = true };

    private readonly Option<int?> Groups = new("--groups") { Description = "Group topics (fanout default 1, mixed default 2)." };
    private readonly Option<int?> Subscribers = new("--subscribers") { Description = "Receiving sessions per group. Default 50." };
    private readonly Option<int?> Publishers = new("--publishers") { Description = "Publishing sessions per group. Default 1." };
    private readonly Option<bool?> WriteOnlyPublishers = new("--write-only-publishers") { Description = "fanout: publishers want no R (JWP), so they receive acks but no messages; the audience is the subscribers alone." };
    private readonly Option<bool?> Channel = new("--channel") { Description = "fanout: each group is a channel (created as nch…) and the subscribers are its readers (chn…), not members; needs --publishers 1." };
    private readonly Option<int?> Pairs = new("--pairs") { Description = "p2p pairs; both sides publish. Default 10." };
    private readonly Option<int?> Sessions = new("--sessions") { Description = "Sessions (connect default 1000, mixed default 200)." };
    private readonly Option<int?> Users = new("--users") { Description = "Accounts the idle/connect sessions share (token login). Default 20." };
    private readonly Option<int?> Concurrency = new("--concurrency") { Description = "Connection attempts in flight while ramping. Default 32." };
    private readonly Option<double?> RampRate = new("--ramp-rate") { Description = "New sessions per second; 0 (default) = as fast as --concurrency allows." };
    private readonly Option<int?> Topics = new("--topics") { Description = "Long topics to create. Default 1." };
    private readonly Option<int?> Messages = new("--messages") { Description = "Messages per long topic. Default 1000." };
    private readonly Option<int?> Readers = new("--readers") { Description = "Sessions paging through history. Default 4." };
    private readonly Option<int?> Page = new("--page") { Description = "Page size of {get data} (1..100). Default 100." };
    private readonly Option<int?> GroupSize = new("--group-size") { Description = "Members per chatting group. Default 8." };
    private readonly Option<double?> Typing = new("--typing") { Description = "Probability of a typing note before each message. Default 0.5." };

    public static RootCommand CreateRoot() => new LoadCommand().BuildRoot();

    /// <summary>Parses a <c>load &lt;scenario&gt; …</c> command line into options (for tests and tools).</summary>
    public static LoadOptions ParseOptions(params string[] args)
    {
        var command = new LoadCommand();
        var result = command.BuildRoot().Parse(args);
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Message)));
        }

        return command.Bind(result, KindOf(result.CommandResult.Command.Name));
    }

    private RootCommand BuildRoot()
    {
        var root = new RootCommand("Broker.Bench: 'load <scenario>' runs the WebSocket load generator; 'micro [BenchmarkDotNet args]' runs the micro-benchmarks.");
        var load = new Command("load", "End-to-end load against a broker (in-process, --url or --baseline).");
        foreach (var option in new Option[] { Url, Store, Baseline, BaselineFlushMode, Duration, Warmup, Drain, RequestTimeout, Rate, Window, Size, Json, Csv, Html, Markdown, Load, Threshold, Shard, StartAt, SetupParallel, ApiKey, BrokerPid, Label, NoProgress })
        {
            load.Options.Add(option);
        }

        load.Subcommands.Add(Scenario(ScenarioKind.Fanout, "G groups x S subscribers with P publishers per group.", Groups, Subscribers, Publishers, Channel, WriteOnlyPublishers));
        load.Subcommands.Add(Scenario(ScenarioKind.Pairs, "N p2p pairs chatting.", Pairs));
        load.Subcommands.Add(Scenario(ScenarioKind.Connect, "Ramp to N sessions (hi, token login, sub me), hold, measure connections/s and memory per session.", Sessions, Users, Concurrency, RampRate));
        load.Subcommands.Add(Scenario(ScenarioKind.History, "Readers paging through long topics with {get data}.", Topics, Messages, Readers, Page));
        load.Subcommands.Add(Scenario(ScenarioKind.Mixed, "Soak: most sessions idle on me, some chatting in pairs and groups with typing and read notes.", Sessions, Users, Pairs, Groups, GroupSize, Typing));
        foreach (var defined in ScenarioCatalog.All())
        {
            load.Subcommands.Add(Scenario(ScenarioKind.Defined, defined.Name, defined.Description + " (defined scenario: --sessions, --load, --threshold)", Sessions));
        }

        root.Subcommands.Add(load);
        root.Subcommands.Add(BaselineServeCommand.Create());
        root.Subcommands.Add(new Command("micro", "Run the BenchmarkDotNet micro-benchmarks (arguments go to BenchmarkSwitcher)."));
        return root;
    }

    /// <summary>Binds a parse result of a scenario command to options.</summary>
    private LoadOptions Bind(ParseResult r, ScenarioKind scenario)
    {
        var d = LoadOptions.For(scenario) with
        {
            DefinedName = scenario == ScenarioKind.Defined ? r.CommandResult.Command.Name : null,
        };
        ShardSpec shard = d.Shard;
        if (r.GetValue(Shard) is { } shardText && !ShardSpec.TryParse(shardText, out shard))
        {
            throw new ArgumentException($"--shard '{shardText}' is not i/n with 0 <= i < n");
        }

        IReadOnlyList<LoadSimulation>? profile = null;
        if (r.GetValue(Load) is { } loadText && !LoadProfileParser.TryParse(loadText, out profile, out var loadError))
        {
            throw new ArgumentException(loadError);
        }

        return d with
        {
            Url = r.GetValue(Url) is { } url ? new Uri(SplitUrls(url)[0], UriKind.Absolute) : null,
            ExtraUrls = r.GetValue(Url) is { } urls ? [.. SplitUrls(urls).Skip(1).Select(u => new Uri(u, UriKind.Absolute))] : [],
            Store = r.GetValue(Store) ?? d.Store,
            Baseline = r.GetValue(Baseline),
            BaselineFlush = r.GetValue(BaselineFlushMode) ?? d.BaselineFlush,
            ApiKey = r.GetValue(ApiKey),
            BrokerPid = r.GetValue(BrokerPid),
            Duration = r.GetValue(Duration) ?? d.Duration,
            Warmup = r.GetValue(Warmup) ?? d.Warmup,
            Drain = r.GetValue(Drain) ?? d.Drain,
            RequestTimeout = r.GetValue(RequestTimeout) ?? d.RequestTimeout,
            StartAtUnixMs = r.GetValue(StartAt),
            Rate = r.GetValue(Rate) ?? d.Rate,
            Window = r.GetValue(Window) ?? d.Window,
            Size = r.GetValue(Size) ?? d.Size,
            Groups = Value(r, Groups) ?? d.Groups,
            Subscribers = Value(r, Subscribers) ?? d.Subscribers,
            Publishers = Value(r, Publishers) ?? d.Publishers,
            Channel = Value(r, Channel) ?? d.Channel,
            WriteOnlyPublishers = Value(r, WriteOnlyPublishers) ?? d.WriteOnlyPublishers,
            Pairs = Value(r, Pairs) ?? d.Pairs,
            Sessions = Value(r, Sessions) ?? d.Sessions,
            Users = Value(r, Users) ?? d.Users,
            Concurrency = Value(r, Concurrency) ?? d.Concurrency,
            RampRate = Value(r, RampRate) ?? d.RampRate,
            Topics = Value(r, Topics) ?? d.Topics,
            Messages = Value(r, Messages) ?? d.Messages,
            Readers = Value(r, Readers) ?? d.Readers,
            PageSize = Value(r, Page) ?? d.PageSize,
            GroupSize = Value(r, GroupSize) ?? d.GroupSize,
            Typing = Value(r, Typing) ?? d.Typing,
            Shard = shard,
            SetupParallelism = r.GetValue(SetupParallel) ?? d.SetupParallelism,
            JsonPath = r.GetValue(Json),
            CsvPath = r.GetValue(Csv),
            HtmlPath = r.GetValue(Html),
            MarkdownPath = r.GetValue(Markdown),
            Load = profile,
            Thresholds = r.GetValue(Threshold) ?? [],
            Label = r.GetValue(Label),
            Progress = !r.GetValue(NoProgress),
        };
    }

    private Command Scenario(ScenarioKind kind, string description, params Option[] options) =>
        Scenario(kind, kind.ToString().ToLowerInvariant(), description, options);

    private static ScenarioKind KindOf(string command) =>
        Enum.TryParse<ScenarioKind>(command, ignoreCase: true, out var kind) && kind != ScenarioKind.Defined ? kind : ScenarioKind.Defined;

    private Command Scenario(ScenarioKind kind, string name, string description, params Option[] options)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, ct) =>
        {
            LoadOptions options;
            try
            {
                options = Bind(parseResult, kind);
            }
            catch (Exception e) when (e is ArgumentException or UriFormatException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return LoadRunner.ExitUsage;
            }

            return await LoadRunner.RunAsync(options, Console.Out, Console.Error, ct);
        });
        return command;
    }

    /// <summary>A scenario option's value when the parsed command has that option, else null.</summary>
    private static T? Value<T>(ParseResult r, Option<T?> option) where T : struct =>
        r.CommandResult.Command.Options.Contains(option) ? r.GetValue(option) : null;

    private static Option<TimeSpan?> Span(string name, string description) => new(name)
    {
        Description = description,
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (DurationParser.TryParse(text, out var value))
            {
                return value;
            }

            result.AddError($"'{text}' is not a duration (examples: 500ms, 10s, 2m, 1h, 00:01:30)");
            return null;
        },
    };

    private static string[] SplitUrls(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
