using System.Globalization;
using Broker.Bench.Load.Options;

namespace Broker.Bench.Load.Baseline;

/// <summary>
/// <c>baseline [--port N] [--flush batch|message]</c>: runs the bare broadcaster as a server of its own until
/// Ctrl-C or SIGTERM, so an outside generator (the peers' <c>fanout.js</c>, see tools/bench/compare-baseline.sh)
/// can measure it beside the broker with the same wire: one JSON message per WebSocket message, every queued
/// frame written before one flush.
/// </summary>
internal static class BaselineServeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = 0;
        var flush = BaselineFlush.Batch;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535:
                    port = p;
                    i++;
                    break;
                case "--flush" when i + 1 < args.Length && Enum.TryParse<BaselineFlush>(args[i + 1], ignoreCase: true, out var f):
                    flush = f;
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync("usage: baseline [--port N] [--flush batch|message]");
                    return 2;
            }
        }

        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });

        await using var server = await BaselineServer.StartAsync(flush, stopping.Token, port);
        Console.WriteLine($"baseline listening on {server.Endpoint}");
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
