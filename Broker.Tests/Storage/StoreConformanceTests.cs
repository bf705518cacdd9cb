using Broker.Protocol.Access;
using Broker.Storage;

namespace Broker.Tests.Storage;

/// <summary>
/// The behaviour every storage backend must have, with one subclass per backend. Each test gets a new, empty,
/// migrated backend. The in-memory backend is the reference.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    private static readonly DateTime Epoch = new(2025, 3, 1, 12, 0, 0, 123, DateTimeKind.Utc);

    private StorageBackend? backend;

    protected StorageBackend Backend => backend ?? throw new InvalidOperationException("the backend was not created");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty backend; the suite migrates it.</summary>
    protected abstract ValueTask<StorageBackend> CreateBackendAsync();

    /// <summary>Runs after the backend has been disposed: delete files, drop schemas.</summary>
    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        backend = await CreateBackendAsync();
        await backend.Admin.MigrateAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (backend is not null)
        {
            await backend.DisposeAsync();
        }

        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Ping_answers_true()
    {
        Assert.True(await Backend.Admin.PingAsync(Ct));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        await Backend.Topics.CreateAsync(Topic("grpKeep"), [], Ct);

        await Backend.Admin.MigrateAsync(Ct);

        Assert.NotNull(await Backend.Topics.GetAsync("grpKeep", Ct));
    }

    /// <summary>A millisecond-precision UTC time, <paramref name="minutes"/> after a fixed epoch.</summary>
    protected static DateTime At(int minutes) => Epoch.AddMinutes(minutes);

    protected static UserRecord User(long id, int minutes = 0) => new()
    {
        Id = id,
        Created = At(minutes),
        Updated = At(minutes),
    };

    protected static AuthRecord Login(long userId, string login) => new(userId, "basic", login, "hash-" + login, 20);

    protected static TopicRecord Topic(string name, long owner = 0) => new()
    {
        Name = name,
        Created = At(0),
        Updated = At(0),
        Touched = At(0),
        Owner = owner,
        DefaultAuth = AccessModes.Public,
        DefaultAnon = AccessMode.None,
    };

    protected static SubscriptionRecord Sub(string topic, long userId, AccessMode want = AccessModes.Public, AccessMode given = AccessModes.Public) => new()
    {
        Topic = topic,
        UserId = userId,
        Created = At(1),
        Updated = At(1),
        Want = want,
        Given = given,
    };

    protected static MessageDraft Draft(long from, int minutes, string text = "hi", string? head = null)
        => new(from, At(minutes), head, "\"" + text + "\"");

    protected static List<MessageDraft> Drafts(int count, long from = 1, int startMinute = 0)
        => [.. Enumerable.Range(0, count).Select(i => Draft(from, startMinute + i, "m" + (startMinute + i)))];

    protected static MessageQuery All(int limit = 1000) => new(0, 0, limit);

    /// <summary>The seq of an append's first message.</summary>
    protected static async Task<long> FirstSeq(Task<AppendResult> append) => (await append).Messages[0].Seq;

    protected static long[] Seqs(IEnumerable<StoredMessage> messages) => [.. messages.Select(m => m.Seq)];

    protected static void AssertSeqs(long[] expected, IEnumerable<StoredMessage> actual) => Assert.Equal(expected, Seqs(actual));

    protected static async Task Within(Task task, TimeSpan limit, string what)
    {
        try
        {
            await task.WaitAsync(limit, Ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {limit} waiting for {what}");
        }
    }

    /// <summary>Records compare their lists by reference, so lists are compared apart.</summary>
    protected static void AssertSameUser(UserRecord expected, UserRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected, actual with { Tags = expected.Tags });
    }

    protected static void AssertSameTopic(TopicRecord expected, TopicRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected, actual with { Tags = expected.Tags });
    }

    protected static void AssertDeletion(DeletionRecord actual, long delId, long? forUser, params SeqRange[] ranges)
    {
        Assert.Equal(delId, actual.DelId);
        Assert.Equal(forUser, actual.ForUser);
        Assert.Equal(ranges, actual.Ranges);
    }
}
