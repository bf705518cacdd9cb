using System.CommandLine;
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
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (0: a free one, printed at start)." };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be 0..65535.");
            }
        });
        var flush = new Option<BaselineFlush>("--flush") { Description = "batch (all queued messages, one flush; default) or message (one flush per message)." };
        var command = new Command("baseline", "Serve the bare baseline broadcaster on its own until Ctrl-C or SIGTERM.") { port, flush };
        command.SetAction((parseResult, ct) => RunAsync(parseResult.GetValue(port), parseResult.GetValue(flush), ct));
        return command;
    }

    private static async Task<int> RunAsync(int port, BaselineFlush flush, CancellationToken stopping)
    {
        await using var server = await BaselineServer.StartAsync(flush, stopping, port);
        Console.WriteLine($"baseline listening on {server.Endpoint}");
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
