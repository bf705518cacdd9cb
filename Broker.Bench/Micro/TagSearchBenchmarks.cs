using BenchmarkDotNet.Attributes;
using Broker.Protocol.Access;
using Broker.Storage;
using Broker.Storage.Sqlite;
using Broker.Topics;
using Microsoft.Data.Sqlite;

namespace Broker.Bench.Micro;

/// <summary>
/// One fnd search (query parsed, terms rewritten, <see cref="ITagIndex.FindAsync"/>) on a SQLite file holding
/// <see cref="UserCount"/> users with five tags each: a unique alias and email, one of 1,000 cities (100 users each),
/// one of 100 interests (1,000 each) and one of 10 languages (10,000 each). Seeded with one bulk transaction of raw
/// inserts (through the store it would take one fsync per user), then searched through the store as the broker does.
/// </summary>
[MemoryDiagnoser]
public class TagSearchBenchmarks
{
    private string folder = string.Empty;
    private StorageBackend backend = null!;

    [Params(100_000)]
    public int UserCount { get; set; }

    /// <summary>The query as a client sends it in <c>{set fnd desc:{public}}</c>.</summary>
    [Params("alias:user54321", "user54321@example.com", "city123 interest23", "city1,city2,city3", "lang3 city7,city8")]
    public string Query { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        folder = Path.Combine(Path.GetTempPath(), "broker-bench", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "search.db");
        var seeding = SqliteBackend.Create(new SqliteStoreOptions { Path = path });
        seeding.Admin.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        seeding.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Seed(path, UserCount);
        backend = SqliteBackend.Create(new SqliteStoreOptions { Path = path });
        backend.Admin.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (Search().GetAwaiter().GetResult().Count == 0)
        {
            throw new InvalidOperationException($"the query {Query} found nobody: the seed is wrong");
        }
    }

    [Benchmark]
    public Task<IReadOnlyList<TagMatch>> Search()
    {
        if (!SearchQuery.TryParse(Query, out var query, out var error))
        {
            throw new InvalidOperationException(error);
        }

        return backend.Tags.FindAsync(SearchTerms.ToSearch(query, caller: 0, aliasNamespace: "alias", limit: 1024), CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static void Seed(string path, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var user = connection.CreateCommand();
        user.Transaction = transaction;
        user.CommandText = """
            INSERT INTO users (id, created, updated, state, def_auth, def_anon, public, tags)
            VALUES ($id, $now, $now, 0, $auth, 0, $public, $tags)
            """;
        var id = user.Parameters.Add("$id", SqliteType.Integer);
        user.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        user.Parameters.AddWithValue("$auth", (int)AccessModes.Auth);
        var publicValue = user.Parameters.Add("$public", SqliteType.Text);
        var tags = user.Parameters.Add("$tags", SqliteType.Text);
        using var tag = connection.CreateCommand();
        tag.Transaction = transaction;
        tag.CommandText = "INSERT INTO user_tags (tag, user_id) VALUES ($tag, $id)";
        var tagValue = tag.Parameters.Add("$tag", SqliteType.Text);
        var tagOwner = tag.Parameters.Add("$id", SqliteType.Integer);
        for (var i = 0; i < count; i++)
        {
            string[] held = [$"alias:user{i}", $"email:user{i}@example.com", $"city{i % 1000}", $"interest{i % 100}", $"lang{i % 10}"];
            id.Value = i + 1L;
            publicValue.Value = $$"""{"fn":"User {{i}}"}""";
            tags.Value = "[" + string.Join(',', held.Select(t => "\"" + t + "\"")) + "]";
            user.ExecuteNonQuery();
            tagOwner.Value = i + 1L;
            foreach (var t in held)
            {
                tagValue.Value = t;
                tag.ExecuteNonQuery();
            }
        }

        // No ANALYZE: the broker's own databases have no statistics either.
        transaction.Commit();
    }
}
