using Broker.Bench.Load.Api;
using Broker.Bench.Load.Options;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Scenarios;
using Broker.Bench.Load.Stats;
using Broker.Bench.Load.Targets;

namespace Broker.Bench.Load.Run;

/// <summary>
/// Runs one scenario end to end: start or find the target, set up, run, check thresholds, report. Exit codes:
/// 0 pass, 1 an acknowledged message was lost (or history pages did not match, or sessions failed), 2 usage or
/// setup error, 3 a threshold was not met (when nothing else failed).
/// </summary>
internal static class LoadRunner
{
    public const int ExitPass = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitThresholds = 3;

    public static async Task<int> RunAsync(LoadOptions options, TextWriter output, TextWriter log, CancellationToken ct)
    {
        var (code, _) = await RunWithResultAsync(options, output, log, ct);
        return code;
    }

    /// <summary>
    /// The same as <see cref="RunAsync"/>, also returning the result (null when setup failed). Tests pass a
    /// <paramref name="scenario"/> of their own; otherwise the options name it.
    /// </summary>
    public static async Task<(int ExitCode, LoadResult? Result)> RunWithResultAsync(LoadOptions options, TextWriter output, TextWriter log,
        CancellationToken ct, ILoadScenario? scenario = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await log.WriteLineAsync(error);
            }

            return (ExitUsage, null);
        }

        try
        {
            scenario ??= ScenarioFactory.Create(options);
        }
        catch (ArgumentException e)
        {
            await log.WriteLineAsync(e.Message);
            return (ExitUsage, null);
        }

        var thresholds = scenario.Thresholds(options).ToList();
        foreach (var text in options.Thresholds)
        {
            ThresholdParser.TryParse(text, out var threshold, out _);
            thresholds.Add(threshold);
        }

        ILoadTarget target;
        try
        {
            target = await TargetFactory.StartAsync(options, ct);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            await log.WriteLineAsync($"cannot start the target: {e.Message}");
            return (ExitUsage, null);
        }

        await using (target)
        {
            await using var sampler = new ProcessSampler(target.ProcessId, TimeSpan.FromSeconds(1));
            var ctx = new RunContext(options, target.Endpoint, sampler, output, log);
            ctx.Info($"{options.ScenarioName} against {options.TargetName} at {string.Join(", ", ctx.Endpoints)} (run {ctx.Identity.RunId}, shard {options.Shard})");
            LoadResult result;
            try
            {
                result = await scenario.RunAsync(ctx, ct);
            }
            catch (SetupException e)
            {
                await log.WriteLineAsync($"setup failed: {e.Message}");
                return (ExitUsage, null);
            }

            result.LoadAverage = ProcessStats.LoadAverage();
            var all = result.AllSteps ?? new StepReport { Name = Threshold.AllSteps };
            result.Thresholds = [.. thresholds.Select(t => t.Evaluate(result.Steps, all))];
            ReportWriter.WriteSummary(output, result);
            ReportWriter.WriteMarkdown(output, result);
            await WriteFilesAsync(ctx, options, result, ct);
            var code = !result.Passed ? ExitFailed : !result.ThresholdsPassed ? ExitThresholds : ExitPass;
            return (code, result);
        }
    }

    private static async Task WriteFilesAsync(RunContext ctx, LoadOptions options, LoadResult result, CancellationToken ct)
    {
        foreach (var (path, write) in new (string?, Func<string, Task>)[]
        {
            (options.JsonPath, p => ReportWriter.WriteJsonAsync(p, result, ct)),
            (options.CsvPath, p => CsvReport.WriteAsync(p, result, ct)),
            (options.HtmlPath, p => HtmlReport.WriteAsync(p, result, ct)),
            (options.MarkdownPath, p => ReportWriter.WriteMarkdownFileAsync(p, result, ct)),
        })
        {
            if (path is not null)
            {
                await write(path);
                ctx.Info($"report written to {path}");
            }
        }
    }
}
