using Broker.Bench.Load.Options;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Scenarios;
using Broker.Bench.Load.Stats;
using Broker.Bench.Load.Targets;

namespace Broker.Bench.Load.Run;

/// <summary>
/// Runs one scenario end to end: start or find the target, set up, run, report. Exit codes: 0 pass,
/// 1 an acknowledged message was lost (or history pages did not match, or sessions failed), 2 usage or setup error.
/// </summary>
internal static class LoadRunner
{
    public const int ExitPass = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(LoadOptions options, TextWriter output, TextWriter log, CancellationToken ct)
    {
        var (code, _) = await RunWithResultAsync(options, output, log, ct);
        return code;
    }

    /// <summary>The same as <see cref="RunAsync"/>, also returning the result (null when setup failed).</summary>
    public static async Task<(int ExitCode, LoadResult? Result)> RunWithResultAsync(LoadOptions options, TextWriter output, TextWriter log, CancellationToken ct)
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
            ctx.Info($"{options.Scenario.ToString().ToLowerInvariant()} against {options.TargetName} at {target.Endpoint} (run {ctx.Identity.RunId}, shard {options.Shard})");
            LoadResult result;
            try
            {
                result = await ScenarioFactory.Create(options.Scenario).RunAsync(ctx, ct);
            }
            catch (SetupException e)
            {
                await log.WriteLineAsync($"setup failed: {e.Message}");
                return (ExitUsage, null);
            }

            result.LoadAverage = ProcessStats.LoadAverage();
            ReportWriter.WriteSummary(output, result);
            ReportWriter.WriteMarkdown(output, result);
            if (options.JsonPath is { } path)
            {
                await ReportWriter.WriteJsonAsync(path, result, ct);
                ctx.Info($"result written to {path}");
            }

            return (result.Passed ? ExitPass : ExitFailed, result);
        }
    }
}
