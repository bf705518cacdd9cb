using System.Diagnostics;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.WebApp;

/// <summary>
/// End to end through Tinode's own web app: the broker serves the app (installed by tools/webapp/install.sh), and
/// headless Chromium, driven by playwright-core from Node (chat.mjs), signs two users up, sets an avatar (uploaded),
/// finds the other by login in New chat and opens the p2p chat from the result, they exchange messages both ways, the
/// first sends a picture (uploaded) the other sees, creates a channel whose chn… address the other joins as a reader
/// and publishes to it, and the reader sees it; the reader pins the p2p chat and reloads the page: still pinned, the
/// channel still listed, the other's avatar shown. Every avatar and picture the pages loaded (/v0/file/s/…) must have been
/// answered 200/304. Skipped when /usr/bin/chromium or node is absent (CI installs them).
/// Screenshots go to the test output folder, under webapp-artifacts/.
/// </summary>
public sealed class WebAppBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>What tools/webapp/install.sh writes to broker-install.txt; an older installation is replaced.</summary>
    private const string Installed = "tinode-webapp 0.25.3 broker-install 2";
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ChatTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Two_users_sign_up_and_chat_in_the_web_app()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"{Chromium} is not installed (apt-get install chromium)");
        }

        if (FindOnPath("node") is null || FindOnPath("npm") is null)
        {
            Assert.Skip("node and npm are not installed");
        }

        var repo = RepositoryRoot();
        var scripts = Path.Combine(repo, "Broker.Tests", "WebApp");
        var app = Path.Combine(repo, "artifacts", "webapp");
        var marker = Path.Combine(app, "broker-install.txt");
        if (!File.Exists(marker) || (await File.ReadAllTextAsync(marker, TestContext.Current.CancellationToken)).Trim() != Installed)
        {
            await RunAsync("bash", [Path.Combine(repo, "tools", "webapp", "install.sh"), app], repo, SetupTimeout, "install the web app");
        }

        if (!Directory.Exists(Path.Combine(scripts, "node_modules", "playwright-core")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], scripts, SetupTimeout, "install playwright-core");
        }

        await using var broker = await TestBroker.StartAsync("--Broker:WebApp:Root=" + app);
        var shots = Path.Combine(AppContext.BaseDirectory, "webapp-artifacts");

        var output = await RunAsync("node", [Path.Combine(scripts, "chat.mjs"), broker.BaseUri.ToString(), shots], scripts, ChatTimeout, "chat in the web app");

        Assert.Contains("\"ok\":true", output);
        Assert.True(File.Exists(Path.Combine(shots, "webapp-bob.png")), "screenshot written");
    }

    /// <summary>Runs a command; fails the test with its output when it exits non-zero or runs past the time limit.</summary>
    private static async Task<string> RunAsync(string file, string[] args, string folder, TimeSpan limit, string what)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CHROMIUM"] = Chromium;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Timed out after {limit} waiting to {what}.\n{await stdout}\n{await stderr}");
        }

        var output = await stdout + "\n" + await stderr;
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(process.ExitCode == 0, $"Failed to {what} (exit {process.ExitCode}):\n{output}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "broker.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("broker.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
