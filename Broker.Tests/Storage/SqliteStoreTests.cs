using Broker.Storage;
using Broker.Storage.Relational;
using Broker.Storage.Sqlite;

namespace Broker.Tests.Storage;

/// <summary>The conformance suite on a new database file per test, plus what only a file can show.</summary>
public sealed class SqliteStoreTests : StoreConformanceTests
{
    /// <summary>Every embedded migration of the dialect, in order: what a migrated database records.</summary>
    private static IEnumerable<int> EmbeddedMigrationVersions =>
        Broker.Storage.Relational.MigrationScripts.Load(Broker.Storage.Sqlite.SqliteQueries.MigrationResourcePrefix).Select(m => m.Version);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "broker-tests", "sqlite-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(folder, "data", "broker.db");

    protected override ValueTask<StorageBackend> CreateBackendAsync()
        => ValueTask.FromResult(SqliteBackend.Create(new SqliteStoreOptions { Path = DatabasePath }));

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

        var committer = (SqliteAppendCommitter)((RelationalMessageStore)Backend.Messages).Appends;
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
    public void Creates_the_folder_and_the_file_on_first_start()
    {
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task The_writer_uses_wal_with_full_sync()
    {
        var (journalMode, synchronous) = await ((SqliteStoreAdmin)Backend.Admin).GetDurabilityAsync(Ct);

        Assert.Equal("wal", journalMode);
        Assert.Equal(2, synchronous);
    }

    [Fact]
    public async Task Migrations_run_twice_are_idempotent_and_recorded()
    {
        var admin = (SqliteStoreAdmin)Backend.Admin;
        Assert.Equal(EmbeddedMigrationVersions, await admin.GetSchemaVersionsAsync(Ct));

        await admin.MigrateAsync(Ct);
        await using (var second = SqliteBackend.Create(new SqliteStoreOptions { Path = DatabasePath }))
        {
            await second.Admin.MigrateAsync(Ct);
        }

        Assert.Equal(EmbeddedMigrationVersions, await admin.GetSchemaVersionsAsync(Ct));
    }

    [Fact]
    public async Task Migration_0018_gives_accounts_made_before_it_their_login_tag_once()
    {
        await Backend.Users.CreateAsync(User(5) with { Tags = ["travel"] }, Login(5, "eve"), [], Ct);
        await Backend.Users.CreateAsync(User(6) with { Tags = ["basic:dan"] }, Login(6, "dan"), [], Ct);

        for (var run = 0; run < 2; run++)
        {
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
            {
                await connection.OpenAsync(Ct);
                await using var forget = connection.CreateCommand();
                forget.CommandText = "DELETE FROM schema_version WHERE version = 18";
                await forget.ExecuteNonQueryAsync(Ct);
            }

            await Backend.Admin.MigrateAsync(Ct);
        }

        Assert.Equal(["travel", "basic:eve"], (await Backend.Users.GetAsync(5, Ct))!.Tags);
        Assert.Equal(["basic:dan"], (await Backend.Users.GetAsync(6, Ct))!.Tags);
        var found = await Backend.Tags.FindAsync(new TagSearch { Required = [["basic:eve"]], Limit = 10 }, Ct);
        Assert.Equal([5L], found.Select(m => m.UserId));
    }

    [Fact]
    public async Task A_search_with_one_common_tag_reads_few_of_its_holders_and_finds_what_the_full_search_finds()
    {
        await using var fewHolders = SqliteBackend.Create(new SqliteStoreOptions { Path = DatabasePath, CommonTagHolders = 2 });

        await AssertCommonTagSearchFindsWhatTheFullSearchFindsAsync(fewHolders.Tags);
    }

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        await Backend.Users.CreateAsync(User(5), Login(5, "eve"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [Sub("grpAlpha", 5)], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(3), Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(2)], null, Ct);
        await Backend.DisposeAsync();

        await using var reopened = SqliteBackend.Create(new SqliteStoreOptions { Path = DatabasePath });
        await reopened.Admin.MigrateAsync(Ct);

        Assert.Equal("eve", (await reopened.Users.GetAuthByUserAsync(5, "basic", Ct))!.Unique);
        Assert.NotNull(await reopened.Subscriptions.GetAsync("grpAlpha", 5, Ct));
        AssertSeqs([3L, 1], await reopened.Messages.QueryAsync("grpAlpha", 5, All(), Ct));
        Assert.Equal(4, await FirstSeq(reopened.Messages.AppendAsync("grpAlpha", Drafts(1), Ct)));
        Assert.Equal(2, await reopened.Messages.DeleteAsync("grpAlpha", 5, [SeqRange.Single(1)], null, Ct));
    }

    [Fact]
    public async Task History_queries_range_scan_the_topic_seq_key()
    {
        var plan = await ((SqliteStoreAdmin)Backend.Admin).ExplainMessageQueryAsync(Ct);

        Assert.Contains(plan, step => step.Contains("SEARCH m USING", StringComparison.Ordinal) && step.Contains("(topic=? AND seq>? AND seq<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN m", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tag_search_looks_each_term_up_by_key_and_never_scans_the_users()
    {
        var plan = await ((SqliteStoreAdmin)Backend.Admin).ExplainTagSearchAsync(Ct);

        Assert.Contains(plan, step => step.Contains("SEARCH ut USING PRIMARY KEY (tag=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("SEARCH tt USING PRIMARY KEY (tag=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("SEARCH u USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        var scanned = plan.Where(step => step.StartsWith("SCAN ", StringComparison.Ordinal)).Select(step => step.Split(' ')[1]);
        Assert.DoesNotContain(scanned, table => table is "u" or "ut" or "t" or "tt" or "users" or "topics" or "user_tags" or "topic_tags");
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
        var copy = Path.Combine(folder, "backups", "copy.db");

        await Backend.Admin.BackupAsync(copy, Ct);
        await stop.CancelAsync();
        var appendedMeanwhile = await appending;

        Assert.True(File.Exists(copy));
        Assert.False(File.Exists(copy + ".partial"));
        Assert.False(File.Exists(copy + "-wal"));
        await using var restored = SqliteBackend.Create(new SqliteStoreOptions { Path = copy });
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
        var copy = Path.Combine(folder, "taken.db");
        await File.WriteAllTextAsync(copy, "keep", Ct);

        await Assert.ThrowsAsync<IOException>(() => Backend.Admin.BackupAsync(copy, Ct));

        Assert.Equal("keep", await File.ReadAllTextAsync(copy, Ct));
    }
}
