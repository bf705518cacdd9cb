using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Broker.Tests.Infrastructure;

/// <summary>
/// A broker as a separate process on a given loopback port, so that it can be killed with SIGKILL. Its output goes
/// to <c>broker-test-logs/&lt;port&gt;-&lt;pid&gt;.log</c> in the temp folder, for reading after a failed run.
/// </summary>
public sealed class BrokerProcess : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private BrokerProcess(Process process, StreamWriter log)
    {
        this.process = process;
        this.log = log;
    }

    /// <summary>Where the output of the process goes.</summary>
    public string LogPath => ((FileStream)log.BaseStream).Name;

    /// <summary>Starts <c>Broker.dll</c> with <paramref name="args"/> and waits until it listens.</summary>
    public static async Task<BrokerProcess> StartAsync(int port, params string[] args)
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
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.ArgumentList.Add("--Logging:LogLevel:Default=Information");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "broker-test-logs"));
        var log = new StreamWriter(Path.Combine(folder.FullName, $"{port}-{process.Id}.log")) { AutoFlush = true };
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            Write(log, e.Data);
            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(60));
        if (first == exited)
        {
            throw new InvalidOperationException($"broker process exited with {process.ExitCode} before listening (output in {((FileStream)log.BaseStream).Name})");
        }

        return new BrokerProcess(process, log);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
    }

    /// <summary>
    /// A loopback port nobody listens on, not handed out before in this test run, and below the kernel's ephemeral
    /// range. The kernel picks every port-0 listener and every outgoing connection's source port from that range, so
    /// elsewhere in the run nothing can take a port a test holds for a process it is about to restart (seen in CI: a
    /// broker restarted after kill -9 found its port taken). Falls back to a port-0 port when the range starts too low.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var next = Interlocked.Increment(ref nextPort);
            if (next >= EphemeralPortsFrom)
            {
                return KernelPickedPort();
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, next);
                listener.Start();
                return next;
            }
            catch (SocketException)
            {
            }
        }
    }

    private const int FirstTestPort = 20_000;

    // Spread by process id, so that two test runs on one machine rarely try the same ports.
    private static int nextPort = FirstTestPort + (Environment.ProcessId % 50 * 200);

    private static readonly int EphemeralPortsFrom = ReadEphemeralPortsFrom();

    private static int ReadEphemeralPortsFrom()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768; // Linux's default
        }
    }

    private static int KernelPickedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM, the graceful stop an orchestrator asks for; waits until the process has exited.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(timeout);
    }

    /// <summary>SIGKILL: no shutdown, no flush.</summary>
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
        lock (log)
        {
            log.Dispose();
        }
    }
}
