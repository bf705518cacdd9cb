using BenchmarkDotNet.Running;
using Broker.Bench.Load.Options;
using Broker.Bench.Load.Run;

namespace Broker.Bench;

/// <summary>
/// <c>load …</c> runs the end-to-end WebSocket load generator; <c>micro …</c> runs the BenchmarkDotNet classes
/// (under <c>Micro/</c>); <c>baseline …</c> serves the bare broadcaster for an outside generator. The load generator and
/// BenchmarkDotNet are kept apart on purpose: BenchmarkDotNet never drives the generator.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "micro")
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
            return 0;
        }

        var parsed = LoadCommand.CreateRoot().Parse(args);
        if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync("See --help.");
            return LoadRunner.ExitUsage;
        }

        return await parsed.InvokeAsync();
    }
}
