using Broker.Storage;
using Broker.Storage.LiteDb;

namespace Broker.Tests.Storage;

/// <summary>The conformance suite on a new LiteDB file per test, plus what only a file can show.</summary>
public sealed class LiteDbStoreTests : StoreConformanceTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "broker-tests", "litedb-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(folder, "data", "broker.litedb");

    protected override ValueTask<StorageBackend> CreateBackendAsync()
        => ValueTask.FromResult(LiteDbBackend.Create(new LiteDbStoreOptions { Path = DatabasePath }));

    protected override ValueTask CleanUpAsync()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Appends_to_many_topics_at_once_share_commits()
    {
        const int Topics = 200;
        for (var t = 0; t < Topics; t++)
        {
            await Backend.Topics.CreateAsync(Topic("grpShare" + t), [], Ct);
        }

        var committer = ((LiteDbMessageStore)Backend.Messages).Committer;
        var before = committer.Commits;
        var firsts = await Task.WhenAll(Enumerable.Range(0, Topics).Select(t => FirstSeq(Backend.Messages.AppendAsync("grpShare" + t, Drafts(2), Ct))));

        Assert.All(firsts, first => Assert.Equal(1, first));
        var commits = committer.Commits - before;
        Assert.InRange(commits, 1, Topics / 4);
        for (var t = 0; t < Topics; t += 37)
        {
            AssertSeqs([2L, 1], await Backend.Messages.QueryAsync("grpShare" + t, 1, All(), Ct));
        }
    }

    [Fact]
    public async Task A_missing_topic_in_a_shared_commit_fails_alone()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("grpBeta"), [], Ct);

        // Queued together, so that they meet in one transaction.
        var appends = new[] { "grpAlpha", "grpGone", "grpBeta", "grpAlpha" }
            .Select(topic => FirstSeq(Backend.Messages.AppendAsync(topic, Drafts(2), Ct)))
            .ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => appends[1]);
        var firsts = await Task.WhenAll(appends[0], appends[2], appends[3]);
        Assert.Equal([1L, 1L, 3L], firsts);
        AssertSeqs([4L, 3, 2, 1], await Backend.Messages.QueryAsync("grpAlpha", 1, All(), Ct));
        Assert.Equal(4, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.Seq);
    }

    [Fact]
    public async Task Every_commit_fsyncs_the_journal_before_the_append_returns()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        var admin = (LiteDbStoreAdmin)Backend.Admin;
        var committer = ((LiteDbMessageStore)Backend.Messages).Committer;

        for (var i = 0; i < 3; i++)
        {
            var syncs = admin.JournalSyncs;
            var commits = committer.Commits;
            await Backend.Messages.AppendAsync("grpAlpha", Drafts(2, startMinute: i * 2), Ct);

            Assert.Equal(commits + 1, committer.Commits);
            Assert.Equal(syncs + 1, admin.JournalSyncs);
        }

        Assert.True(new FileInfo(LiteDbCollections.LogFileOf(DatabasePath)).Length > 0);
    }

    [Fact]
    public void Creates_the_folder_and_the_file_on_first_start()
    {
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task A_second_backend_on_the_same_file_fails_to_open_while_the_first_is_open()
    {
        Assert.ThrowsAny<IOException>(() => LiteDbBackend.Create(new LiteDbStoreOptions { Path = DatabasePath }));

        // The first one is unharmed.
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        Assert.NotNull(await Backend.Topics.GetAsync("grpAlpha", Ct));
    }

    [Fact]
    public async Task Layout_3_gives_accounts_made_before_it_their_login_tag()
    {
        await Backend.Users.CreateAsync(User(5) with { Tags = ["travel"] }, Login(5, "eve"), [], Ct);
        await Backend.Users.CreateAsync(User(6) with { Tags = ["basic:dan"] }, Login(6, "dan"), [], Ct);
        await Backend.DisposeAsync();
        await using (var raw = new LiteDbDatabase(DatabasePath))
        {
            await raw.WriteAsync(db => db.GetCollection(LiteDbCollections.SchemaVersion).Upsert(new LiteDB.BsonDocument { ["_id"] = 1, ["version"] = 2 }), Ct);
        }

        await using var reopened = LiteDbBackend.Create(new LiteDbStoreOptions { Path = DatabasePath });
        await reopened.Admin.MigrateAsync(Ct);

        Assert.Equal(["travel", "basic:eve"], (await reopened.Users.GetAsync(5, Ct))!.Tags);
        Assert.Equal(["basic:dan"], (await reopened.Users.GetAsync(6, Ct))!.Tags);
        Assert.Equal([5L], (await reopened.Tags.FindAsync(new TagSearch { Required = [["basic:eve"]], Limit = 10 }, Ct)).Select(m => m.UserId));
    }

    [Fact]
    public async Task Migrations_run_twice_are_idempotent_and_recorded()
    {
        var admin = (LiteDbStoreAdmin)Backend.Admin;
        Assert.Equal(LiteDbCollections.CurrentSchemaVersion, admin.GetSchemaVersion());

        await admin.MigrateAsync(Ct);
        await Backend.DisposeAsync();
        await using var second = LiteDbBackend.Create(new LiteDbStoreOptions { Path = DatabasePath });
        await second.Admin.MigrateAsync(Ct);

        Assert.Equal(LiteDbCollections.CurrentSchemaVersion, ((LiteDbStoreAdmin)second.Admin).GetSchemaVersion());
    }

    [Fact]
    public async Task Topic_names_differing_in_case_are_different_topics()
    {
        await Backend.Topics.CreateAsync(Topic("grpAbc"), [Sub("grpAbc", 5)], Ct);
        await Backend.Topics.CreateAsync(Topic("grpABC"), [Sub("grpABC", 5)], Ct);

        Assert.Equal(1, await FirstSeq(Backend.Messages.AppendAsync("grpAbc", Drafts(2), Ct)));
        Assert.Equal(1, await FirstSeq(Backend.Messages.AppendAsync("grpABC", Drafts(1), Ct)));

        AssertSeqs([2L, 1], await Backend.Messages.QueryAsync("grpAbc", 5, All(), Ct));
        AssertSeqs([1L], await Backend.Messages.QueryAsync("grpABC", 5, All(), Ct));
        Assert.Equal(["grpABC", "grpAbc"], (await Backend.Subscriptions.GetForUserAsync(5, false, Ct)).Select(s => s.Topic));
    }

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        await Backend.Users.CreateAsync(User(5), Login(5, "eve"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [Sub("grpAlpha", 5)], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(3), Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(2)], null, Ct);
        await Backend.DisposeAsync();

        await using var reopened = LiteDbBackend.Create(new LiteDbStoreOptions { Path = DatabasePath });
        await reopened.Admin.MigrateAsync(Ct);

        Assert.Equal("eve", (await reopened.Users.GetAuthByUserAsync(5, "basic", Ct))!.Unique);
        Assert.NotNull(await reopened.Subscriptions.GetAsync("grpAlpha", 5, Ct));
        AssertSeqs([3L, 1], await reopened.Messages.QueryAsync("grpAlpha", 5, All(), Ct));
        Assert.Equal(4, await FirstSeq(reopened.Messages.AppendAsync("grpAlpha", Drafts(1), Ct)));
        Assert.Equal(2, await reopened.Messages.DeleteAsync("grpAlpha", 5, [SeqRange.Single(1)], null, Ct));
    }

    [Fact]
    public async Task A_backup_taken_while_appends_go_on_is_a_consistent_database_with_everything_before_it()
    {
        await Backend.Users.CreateAsync(User(5), Login(5, "eve"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [Sub("grpAlpha", 5)], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(50, from: 5), Ct);
        using var stop = new CancellationTokenSource();
        var appending = Task.Run(
            async () =>
            {
                var appended = 0;
                while (!stop.IsCancellationRequested)
                {
                    await Backend.Messages.AppendAsync("grpAlpha", Drafts(3, from: 5, startMinute: appended), Ct);
                    appended += 3;
                }

                return appended;
            },
            Ct);
        var copy = Path.Combine(folder, "backups", "copy.litedb");

        await Backend.Admin.BackupAsync(copy, Ct);
        await stop.CancelAsync();
        var appendedMeanwhile = await appending;

        Assert.True(File.Exists(copy));
        Assert.False(File.Exists(copy + ".partial"));
        Assert.False(File.Exists(LiteDbCollections.LogFileOf(copy)));
        await using var restored = LiteDbBackend.Create(new LiteDbStoreOptions { Path = copy });
        await restored.Admin.MigrateAsync(Ct);
        Assert.Equal("eve", (await restored.Users.GetAuthByUserAsync(5, "basic", Ct))!.Unique);
        var seq = (await restored.Topics.GetAsync("grpAlpha", Ct))!.Seq;
        Assert.InRange(seq, 50, 50 + appendedMeanwhile);
        Assert.Equal(0, (seq - 50) % 3);
        Assert.Equal(Enumerable.Range(1, (int)seq).Reverse().Select(i => (long)i), Seqs(await restored.Messages.QueryAsync("grpAlpha", 5, All(limit: 100_000), Ct)));
        Assert.Equal(seq + 1, await FirstSeq(restored.Messages.AppendAsync("grpAlpha", Drafts(1), Ct)));
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file()
    {
        var copy = Path.Combine(folder, "taken.litedb");
        await File.WriteAllTextAsync(copy, "keep", Ct);

        await Assert.ThrowsAsync<IOException>(() => Backend.Admin.BackupAsync(copy, Ct));

        Assert.Equal("keep", await File.ReadAllTextAsync(copy, Ct));
    }
}
