using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;
using Broker.Bench.Load.Stats;

namespace Broker.Bench.Load.Scenarios;

/// <summary>Turns a traffic phase into a <see cref="LoadResult"/>; call it after the sessions closed.</summary>
internal static class TrafficReport
{
    public static LoadResult Build(RunContext ctx, TrafficRun run, TrafficOutcome outcome, IReadOnlyList<ProtocolClient> clients,
        IReadOnlyList<Publisher> publishers, LossReport loss)
    {
        var o = ctx.Options;
        var seconds = Math.Max(outcome.MeasuredSeconds, 1e-9);
        var window = new TrafficTotals(
            outcome.AtEnd.Sent - outcome.AtStart.Sent,
            outcome.AtEnd.Acked - outcome.AtStart.Acked,
            outcome.AtEnd.Refused - outcome.AtStart.Refused,
            outcome.AtEnd.Delivered - outcome.AtStart.Delivered,
            outcome.AtEnd.Errors - outcome.AtStart.Errors,
            0,
            outcome.AtEnd.Behind - outcome.AtStart.Behind);

        var result = NewResult(ctx);
        result.MeasuredSeconds = Math.Round(outcome.MeasuredSeconds, 3);
        result.Sessions = clients.Count;
        result.Publishers = publishers.Count;
        result.TargetRate = run.Profile is { } profile
            ? Math.Round(profile.TotalInjected / profile.Duration.TotalSeconds / o.Shard.Count, 1)
            : o.Rate > 0 ? o.Rate / o.Shard.Count : null;
        result.Offered = window.Sent;
        result.Acked = window.Acked;
        result.Refused = publishers.Sum(p => p.Refused);
        result.Delivered = window.Delivered;
        result.OfferedPerSec = Math.Round(window.Sent / seconds, 1);
        if (result.TargetRate is not null)
        {
            result.BehindAtStart = outcome.AtStart.Behind;
            result.BehindAtEnd = outcome.AtEnd.Behind;
        }

        result.AckedPerSec = Math.Round(window.Acked / seconds, 1);
        result.DeliveredPerSec = Math.Round(window.Delivered / seconds, 1);
        result.ExpectedDeliveries = loss.Expected;
        result.ReceivedDeliveries = loss.Delivered;
        result.LostDeliveries = loss.Lost;
        result.ExcusedDeliveries = loss.Excused;
        result.UnackedDelivered = loss.UnackedDelivered;
        result.Duplicates = loss.Duplicates;
        result.LossSamples = loss.Samples;
        result.AckLatency = LatencySummary.From(run.Ack.Latency);
        result.DeliveryLatency = LatencySummary.From(run.Delivery.Latency);
        result.Phases = [.. run.Phases];
        StepReports.Fill(result, [run.Ack, run.Delivery], outcome.MeasuredSeconds);
        result.InfoFrames = clients.Sum(c => c.InfoFrames);
        result.PresFrames = clients.Sum(c => c.PresFrames);
        result.AllocatedMbPerSec = Math.Round(outcome.AllocatedBytes / 1048576.0 / seconds, 2);
        result.Collections = string.Join('/', outcome.Collections);
        AddErrors(result, clients);
        AddProcess(ctx, result, outcome.BrokerAtStart, outcome.BrokerAtEnd, outcome.GeneratorCpu, outcome.MeasuredSeconds);

        if (loss.Lost > 0)
        {
            result.Failures.Add($"{loss.Lost} acknowledged deliveries never reached a connected subscriber");
        }

        if (publishers.Sum(p => p.UnknownAcks) is var unknown and > 0)
        {
            result.Failures.Add($"{unknown} acks for unknown or already acknowledged publishes");
        }

        return result;
    }

    /// <summary><c>rate 500</c>, <c>rate max</c> or the <c>--load</c> profile, for the parameters column.</summary>
    public static string RateText(Options.LoadOptions o) =>
        o.Load is { } load ? "load " + string.Join(" ", load.Select(s => s.Describe()))
        : o.Rate > 0 ? "rate " + o.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture) : "rate max";

    public static LoadResult NewResult(RunContext ctx) => new()
    {
        Scenario = ctx.Options.ScenarioName,
        Target = ctx.Options.TargetName,
        Label = ctx.Options.Label,
        StartedUtc = DateTime.UtcNow,
        Shard = ctx.Options.Shard.ToString(),
        RunId = ctx.Identity.RunId,
    };

    public static void AddErrors(LoadResult result, IEnumerable<ProtocolClient> clients)
    {
        foreach (var c in clients)
        {
            foreach (var (code, count) in c.Errors)
            {
                var key = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
                result.Errors[key] = result.Errors.GetValueOrDefault(key) + count;
            }

            if (c.SendFailures > 0)
            {
                result.Errors["send"] = result.Errors.GetValueOrDefault("send") + c.SendFailures;
            }

            if (c.Ledger.Disconnected)
            {
                result.DroppedSessions++;
            }
        }
    }

    public static void AddProcess(RunContext ctx, LoadResult result, ProcessSample? start, ProcessSample? end, TimeSpan generatorCpu, double seconds)
    {
        result.BrokerCpuPercent = Round(ProcessSampler.CpuPercent(start, end));
        result.BrokerRssMb = end is { } e ? Math.Round(e.RssBytes / 1048576.0, 1) : null;
        result.BrokerPeakRssMb = end is { } p ? Math.Round(p.PeakRssBytes / 1048576.0, 1) : null;
        result.GeneratorCpuPercent = seconds > 0 ? Math.Round(generatorCpu.TotalSeconds / seconds * 100, 1) : null;
        result.ProcessNote = ctx.Sampler.Pid is null
            ? "broker process not found (remote or not readable): no broker CPU/RSS"
            : ctx.BrokerInProcess
                ? $"broker and generator share process {ctx.Sampler.Pid}: CPU/RSS cover both; cpu 100 % = one core of {Environment.ProcessorCount}"
                : $"broker pid {ctx.Sampler.Pid}; cpu 100 % = one core of {Environment.ProcessorCount}";
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
