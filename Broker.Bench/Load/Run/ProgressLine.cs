namespace Broker.Bench.Load.Run;

/// <summary>A live status line rewritten once a second with <c>\r</c>; only when stdout is a terminal.</summary>
internal static class ProgressLine
{
    public static bool IsEnabled(RunContext ctx) =>
        ctx.Options.Progress && ReferenceEquals(ctx.Output, Console.Out) && !Console.IsOutputRedirected;

    public static async Task RunAsync(RunContext ctx, Func<TimeSpan, string> render, CancellationToken ct)
    {
        if (!IsEnabled(ctx))
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        var width = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var text = render(TimeProvider.System.GetElapsedTime(started));
                await ctx.Output.WriteAsync("\r" + text.PadRight(width));
                width = text.Length;
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await ctx.Output.WriteAsync("\r" + new string(' ', width) + "\r");
        }
    }
}
