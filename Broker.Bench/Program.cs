using System.Reflection;
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args[1..]);
    return;
}

Console.WriteLine("usage: Broker.Bench micro [BenchmarkDotNet options]");
