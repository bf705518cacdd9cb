using System.Collections.Concurrent;
using System.Diagnostics;

namespace Broker.Tests.Cluster;

/// <summary>The broker as a child process (<c>dotnet Broker.dll</c>), so that a test can kill it with SIGKILL.</summary>
internal sealed class BrokerNodeProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> stderr = new();

    private BrokerNodeProcess(Process process) => this.process = process;

    public IEnumerable<string> StandardError => stderr;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the broker with <paramref name="args"/> and <paramref name="environment"/> (for secrets) on a loopback port.</summary>
    public static BrokerNodeProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Broker.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var node = new BrokerNodeProcess(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                node.stderr.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits for the process to end on its own (and its output to be read).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout);
        return process.ExitCode;
    }

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL: no shutdown, no last write.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}
