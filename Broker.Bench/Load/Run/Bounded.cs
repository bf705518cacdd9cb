namespace Broker.Bench.Load.Run;

/// <summary>Waiting for loops that should stop by themselves, without ever waiting forever.</summary>
internal static class Bounded
{
    /// <summary>False (and a log line) when <paramref name="tasks"/> did not finish within <paramref name="timeout"/>.</summary>
    public static async Task<bool> WhenAllAsync(RunContext ctx, IEnumerable<Task> tasks, TimeSpan timeout, string what, CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(tasks).WaitAsync(timeout, ct);
            return true;
        }
        catch (TimeoutException)
        {
            ctx.Info($"{what} did not stop within {timeout.TotalSeconds:0} s; their sessions will be aborted");
            return false;
        }
    }
}
