using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Broker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Broker.Tests.Sdk;

/// <summary>
/// The official Tinode JavaScript SDK (npm <c>tinode-sdk</c>, pinned in Sdk/package.json) drives an in-process
/// broker through the scenario in Sdk/sdk-e2e.mjs: accounts, login, group, publish/receive, history, p2p, notes, channels.
/// Needs <c>node</c> and <c>npm</c> on PATH (skipped otherwise, except on CI where it fails) and the npm registry.
/// </summary>
public sealed class TinodeSdkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(120);

    /// <summary>host:port of an already running broker to test instead of an in-process one.</summary>
    private const string ExternalHostVariable = "BROKER_SDK_E2E_HOST";

    [Fact]
    public Task Official_javascript_sdk_drives_the_broker() => DriveAsync("ws");

    /// <summary>The same scenario with the SDK's <c>transport:"lp"</c> (long polling at <c>/v0/channels/lp</c>).</summary>
    [Fact]
    public Task Official_javascript_sdk_drives_the_broker_over_long_polling() => DriveAsync("lp");

    private async Task DriveAsync(string transport)
    {
        var ct = TestContext.Current.CancellationToken;

        var node = ExternalTool.Find("node");
        var npm = ExternalTool.Find("npm");
        if (node is null || npm is null)
        {
            var missing = node is null ? "node" : "npm";
            var reason = $"'{missing}' is not on PATH: the Tinode JavaScript SDK end-to-end test needs Node.js (>= 18) and npm.";
            if (ExternalTool.IsCi)
            {
                Assert.Fail(reason + " CI is set, so this test must run there: install Node.js on the CI image.");
            }

            Assert.Skip(reason);
        }

        var sdkDir = await SdkInstall.EnsureAsync(npm, output, ct);

        // Run the script from a private copy inside the install folder so that Node resolves
        // 'tinode-sdk' and 'ws' from its node_modules, without racing other test runs.
        var runDir = Path.Combine(sdkDir, "runs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(runDir);
        File.Copy(Path.Combine(SdkInstall.SourceDir, "sdk-e2e.mjs"), Path.Combine(runDir, "sdk-e2e.mjs"));
        try
        {
            var external = Environment.GetEnvironmentVariable(ExternalHostVariable);
            if (!string.IsNullOrWhiteSpace(external))
            {
                // Drive a broker (or a reference Tinode server) that is already running.
                await RunScenarioAsync(node, runDir, external.Trim(), transport, () => "(external broker: no log)", ct);
                return;
            }

            var brokerLog = new LogSink();
            var app = BrokerHost.Build(
                ["--urls", "http://127.0.0.1:0", "--Storage:Provider=memory", "--Files:Provider=database"],
                builder =>
                {
                    builder.Logging.ClearProviders();
                    builder.Logging.SetMinimumLevel(LogLevel.Information);
                    builder.Logging.AddProvider(brokerLog);
                });
            try
            {
                await app.StartAsync(ct);
                var address = app.Urls.Select(u => new Uri(u)).FirstOrDefault(u => u.Port > 0)
                    ?? throw new InvalidOperationException($"The broker reported no bound address: [{string.Join(", ", app.Urls)}]");
                output.WriteLine($"broker listening on {address}");
                await RunScenarioAsync(node, runDir, $"{address.Host}:{address.Port}", transport, brokerLog.Dump, ct);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }
        finally
        {
            TryDeleteDirectory(runDir);
        }
    }

    private async Task RunScenarioAsync(string node, string runDir, string brokerHost, string transport, Func<string> brokerLog, CancellationToken ct)
    {
        output.WriteLine($"running node sdk-e2e.mjs with BROKER_HOST={brokerHost} SDK_TRANSPORT={transport}");
        var result = await ExternalTool.RunAsync(
            node, ["sdk-e2e.mjs"], runDir,
            new Dictionary<string, string> { ["BROKER_HOST"] = brokerHost, ["SDK_TRANSPORT"] = transport },
            ScenarioTimeout, ct);

        if (result.TimedOut || result.ExitCode != 0)
        {
            var why = result.TimedOut
                ? $"node sdk-e2e.mjs did not finish within {ScenarioTimeout.TotalSeconds:0} s and was killed"
                : $"node sdk-e2e.mjs exited with code {result.ExitCode}";
            Assert.Fail(
                $"{why} (broker at {brokerHost}).\n" +
                $"--- stdout ---\n{result.Stdout}\n" +
                $"--- stderr (wire transcripts) ---\n{result.Stderr}\n" +
                $"--- broker log ---\n{brokerLog()}");
        }

        output.WriteLine(result.Stdout);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Installs Sdk/package.json + package-lock.json with <c>npm ci</c> into a temp folder keyed by their hash.</summary>
    private static class SdkInstall
    {
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private const string Marker = ".broker-sdk-installed";

        public static string SourceDir => Path.Combine(AppContext.BaseDirectory, "Sdk");

        public static async Task<string> EnsureAsync(string npm, ITestOutputHelper output, CancellationToken ct)
        {
            string[] files = ["package.json", "package-lock.json", "sdk-e2e.mjs"];
            foreach (var file in files)
            {
                var path = Path.Combine(SourceDir, file);
                Assert.True(File.Exists(path), $"Test harness problem: {path} is missing (Broker.Tests.csproj copies Sdk/** to the output folder).");
            }

            var key = Convert.ToHexStringLower(SHA256.HashData(
                [.. File.ReadAllBytes(Path.Combine(SourceDir, "package.json")), .. File.ReadAllBytes(Path.Combine(SourceDir, "package-lock.json"))]))[..16];
            var root = Path.Combine(Path.GetTempPath(), "broker-tinode-sdk");
            var final = Path.Combine(root, key);

            await Gate.WaitAsync(ct);
            try
            {
                if (IsInstalled(final))
                {
                    output.WriteLine($"tinode-sdk: reusing {final}");
                    return final;
                }

                // Install into a private staging folder, then rename it into place: concurrent test processes
                // never see a half-installed folder, and the loser of the rename just uses the winner's copy.
                Directory.CreateDirectory(root);
                var staging = Path.Combine(root, $"{key}.staging-{Guid.NewGuid():N}");
                Directory.CreateDirectory(staging);
                File.Copy(Path.Combine(SourceDir, "package.json"), Path.Combine(staging, "package.json"));
                File.Copy(Path.Combine(SourceDir, "package-lock.json"), Path.Combine(staging, "package-lock.json"));

                var started = Stopwatch.StartNew();
                var result = await ExternalTool.RunAsync(
                    npm, ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], staging,
                    new Dictionary<string, string>(), NpmTimeout, ct);
                if (result.TimedOut || result.ExitCode != 0)
                {
                    TryDeleteDirectory(staging);
                    Assert.Fail(
                        $"Test harness problem, not a broker problem: 'npm ci' for the Tinode SDK in {staging} " +
                        (result.TimedOut ? $"timed out after {NpmTimeout.TotalMinutes:0} min" : $"exited with code {result.ExitCode}") +
                        $" (is the npm registry reachable?).\n--- stdout ---\n{result.Stdout}\n--- stderr ---\n{result.Stderr}");
                }

                File.WriteAllText(Path.Combine(staging, Marker), DateTimeOffset.UtcNow.ToString("O"));
                output.WriteLine($"tinode-sdk: npm ci took {started.Elapsed.TotalSeconds:0.0} s");

                try
                {
                    if (Directory.Exists(final))
                    {
                        // A broken leftover (no marker): replace it.
                        Directory.Delete(final, recursive: true);
                    }

                    Directory.Move(staging, final);
                }
                catch (IOException) when (IsInstalled(final))
                {
                    TryDeleteDirectory(staging);
                }

                return final;
            }
            finally
            {
                Gate.Release();
            }
        }

        private static bool IsInstalled(string dir) =>
            File.Exists(Path.Combine(dir, Marker))
            && File.Exists(Path.Combine(dir, "node_modules", "tinode-sdk", "package.json"))
            && File.Exists(Path.Combine(dir, "node_modules", "ws", "package.json"));
    }

    private sealed record RunResult(int ExitCode, bool TimedOut, string Stdout, string Stderr);

    private static class ExternalTool
    {
        public static bool IsCi
        {
            get
            {
                var ci = Environment.GetEnvironmentVariable("CI");
                return !string.IsNullOrWhiteSpace(ci) && ci.Trim() is not ("0" or "false" or "False" or "FALSE");
            }
        }

        /// <summary>Full path of an executable on PATH (on Windows also trying PATHEXT, e.g. npm.cmd), or null.</summary>
        public static string? Find(string name)
        {
            var windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var extensions = windows
                ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries)
                : [""];
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var ext in extensions)
                {
                    var candidate = Path.Combine(dir.Trim('"'), name + ext);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        public static async Task<RunResult> RunAsync(
            string fileName, IReadOnlyList<string> args, string workDir,
            IReadOnlyDictionary<string, string> env, TimeSpan timeout, CancellationToken ct)
        {
            var psi = new ProcessStartInfo
            {
                WorkingDirectory = workDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            if (fileName.EndsWith(".cmd", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".bat", StringComparison.OrdinalIgnoreCase))
            {
                psi.FileName = Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe";
                psi.ArgumentList.Add("/d");
                psi.ArgumentList.Add("/c");
                psi.ArgumentList.Add(fileName);
            }
            else
            {
                psi.FileName = fileName;
            }

            foreach (var arg in args)
            {
                psi.ArgumentList.Add(arg);
            }

            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }

            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            using var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            var timedOut = false;
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = !ct.IsCancellationRequested;
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already exited.
                }

                await process.WaitForExitAsync(CancellationToken.None);
                ct.ThrowIfCancellationRequested();
            }

            process.WaitForExit(); // drain the asynchronous output readers
            string o, e;
            lock (stdout) o = stdout.ToString().TrimEnd();
            lock (stderr) e = stderr.ToString().TrimEnd();
            return new RunResult(timedOut ? -1 : process.ExitCode, timedOut, o, e);
        }
    }

    /// <summary>Collects the in-process broker's log (Broker.* from Information, everything else from Warning).</summary>
    private sealed class LogSink : ILoggerProvider
    {
        private const int MaxLines = 2000;
        private readonly ConcurrentQueue<string> _lines = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public string Dump() => _lines.IsEmpty ? "(empty)" : string.Join('\n', _lines);

        public void Dispose()
        {
        }

        private void Add(string line)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
            {
            }
        }

        private sealed class Logger(LogSink sink, string category) : ILogger
        {
            private readonly LogLevel _min = category.StartsWith("Broker", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= _min;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }

                var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}";
                sink.Add(exception is null ? line : $"{line}\n{exception}");
            }
        }
    }
}
