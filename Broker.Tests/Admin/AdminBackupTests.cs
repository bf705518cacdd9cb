using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Admin;

/// <summary><c>POST /v0/admin/backup</c>: an online, consistent copy of a running SQLite (or LiteDB) broker that a broker starts on.</summary>
public sealed class AdminBackupTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("broker-backup-").FullName;

    private string DatabasePath => Path.Combine(folder, "broker.db");

    private string BackupFolder => Path.Combine(folder, "backups");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Task<TestBroker> StartSqliteAsync(string databasePath) => StartAsync("sqlite", databasePath);

    private Task<TestBroker> StartAsync(string provider, string databasePath) => TestBroker.StartAsync(
        "--Broker:Admin:Key=" + AdminClient.Key,
        "--Storage:Provider=" + provider,
        (provider == "litedb" ? "--Storage:LiteDb:Path=" : "--Storage:Sqlite:Path=") + databasePath,
        "--Storage:BackupPath=" + BackupFolder,
        "--Broker:RateLimit:PubPerSecond=0",
        "--Broker:RateLimit:FramesPerSecond=0");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("litedb")]
    public async Task A_backup_taken_while_clients_publish_restores_to_a_broker_with_history_and_logins_intact(string provider)
    {
        string group;
        var ackedBefore = new ConcurrentDictionary<string, long>();
        long backupSize;
        await using (var broker = await StartAsync(provider, DatabasePath))
        {
            using var admin = new AdminClient(broker.BaseUri);
            var writers = new List<TestClient>();
            for (var i = 0; i < 3; i++)
            {
                writers.Add(await broker.UserAsync("writer" + i, "pass-" + i));
            }

            group = await writers[0].CreateGroupAsync();
            foreach (var writer in writers.Skip(1))
            {
                FrameAssert.Ctrl(await writer.SubAsync(group), 200, "ok");
            }

            using var stop = new CancellationTokenSource();
            var backupStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var acked = new ConcurrentDictionary<string, long>();
            var publishing = writers.Select((writer, index) => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var text = $"w{index}-{n}";
                    var seq = await writer.PubAsync(group, text, noEcho: true);
                    acked[text] = seq;
                    if (!backupStarted.Task.IsCompleted)
                    {
                        ackedBefore[text] = seq;
                    }

                    if (acked.Count >= 60)
                    {
                        enough.TrySetResult();
                    }
                }
            })).ToList();

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            backupStarted.TrySetResult();
            var (status, body) = await admin.PostAsync("/v0/admin/backup", new JsonObject { ["file"] = "live.db" });
            await stop.CancelAsync();
            await Task.WhenAll(publishing).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal("live.db", body.GetProperty("file").GetString());
            backupSize = body.GetProperty("size").GetInt64();
            Assert.Equal(new FileInfo(Path.Combine(BackupFolder, "live.db")).Length, backupSize);
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }

        await using var restored = await StartAsync(provider, Path.Combine(BackupFolder, "live.db"));
        await using var reader = await restored.ConnectAsync();
        await reader.HiAsync();
        FrameAssert.Ctrl(await reader.LoginAsync("writer2", "pass-2"), 200, "ok");
        FrameAssert.Ctrl(await reader.SubAsync(group), 200, "ok");

        var seqs = new List<long>();
        var contents = new Dictionary<string, long>();
        long before = 0;
        while (true)
        {
            var options = new JsonObject { ["limit"] = 100 };
            if (before > 0)
            {
                options["before"] = before;
            }

            var (page, _) = await reader.GetDataAsync(group, options);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var data in page)
            {
                seqs.Add(data.GetProperty("seq").GetInt64());
                contents[data.GetProperty("content").GetString()!] = data.GetProperty("seq").GetInt64();
            }

            before = seqs.Min();
        }

        seqs.Sort();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        foreach (var (text, seq) in ackedBefore)
        {
            Assert.True(contents.TryGetValue(text, out var stored), $"{text} (seq {seq}), acknowledged before the backup, is missing from it");
            Assert.Equal(seq, stored);
        }

        Assert.Equal(seqs.Count + 1, await reader.PubAsync(group, "on the restored copy"));
        await using var writer0 = await restored.ConnectAsync();
        await writer0.HiAsync();
        FrameAssert.Ctrl(await writer0.LoginAsync("writer0", "pass-0"), 200, "ok");
        FrameAssert.Ctrl(await writer0.LoginAsync("writer0", "wrong"), 409, "already authenticated");
    }

    [Fact]
    public async Task Without_a_name_the_backup_gets_a_dated_one_and_an_existing_file_is_never_overwritten()
    {
        await using var broker = await StartSqliteAsync(DatabasePath);
        using var admin = new AdminClient(broker.BaseUri);

        var (status, body) = await admin.PostAsync("/v0/admin/backup", null);
        var (again, _) = await admin.PostAsync("/v0/admin/backup?file=" + body.GetProperty("file").GetString(), null);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Matches("^broker-[0-9]{8}-[0-9]{6}\\.db$", body.GetProperty("file").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again);
    }

    [Theory]
    [InlineData("../escape.db")]
    [InlineData("sub/dir.db")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("/etc/passwd")]
    public async Task A_path_instead_of_a_file_name_is_refused(string file)
    {
        await using var broker = await StartSqliteAsync(DatabasePath);
        using var admin = new AdminClient(broker.BaseUri);

        var (status, body) = await admin.PostAsync("/v0/admin/backup", new JsonObject { ["file"] = file });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("plain file name", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "escape.db")));
    }

    [Fact]
    public async Task Tools_backup_sh_takes_a_backup_of_a_running_broker()
    {
        if (!File.Exists("/usr/bin/curl") && !File.Exists("/bin/curl"))
        {
            Assert.Skip("curl is not installed");
        }

        await using var broker = await StartSqliteAsync(DatabasePath);
        await using (var alice = await broker.UserAsync("alice"))
        {
            await alice.CreateGroupAsync();
        }

        var info = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "tools", "backup.sh"));
        info.ArgumentList.Add("scripted.db");
        info.Environment["BROKER_URL"] = broker.BaseUri.ToString().TrimEnd('/');
        info.Environment["BROKER_ADMIN_KEY"] = AdminClient.Key;
        using var script = System.Diagnostics.Process.Start(info)!;
        var errors = script.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = await script.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await script.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(script.ExitCode == 0, $"tools/backup.sh exited with {script.ExitCode}: {output} {await errors}");
        Assert.Contains("\"file\":\"scripted.db\"", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(BackupFolder, "scripted.db")).Length > 0);
    }

    [Fact]
    public async Task Without_the_admin_key_nothing_is_written()
    {
        await using var broker = await StartSqliteAsync(DatabasePath);
        using var anonymous = new AdminClient(broker.BaseUri, key: null);

        var (status, _) = await anonymous.PostAsync("/v0/admin/backup?file=x.db", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(File.Exists(Path.Combine(BackupFolder, "x.db")));
    }

    [Fact]
    public async Task The_memory_store_answers_501_with_the_reason()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:Admin:Key=" + AdminClient.Key, "--Storage:BackupPath=" + BackupFolder);
        using var admin = new AdminClient(broker.BaseUri);

        var (status, body) = await admin.PostAsync("/v0/admin/backup?file=x.db", null);

        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Contains("memory", body.GetProperty("error").GetString(), StringComparison.Ordinal);
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
}
