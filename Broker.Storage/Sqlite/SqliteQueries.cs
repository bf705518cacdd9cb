using Broker.Storage.Relational;

namespace Broker.Storage.Sqlite;

/// <summary>
/// Every SQL statement of the SQLite backend. Columns are aliased to the row types' property names for Dapper;
/// timestamps are unix milliseconds.
/// </summary>
internal static class SqliteQueries
{
    public const string MigrationResourcePrefix = "Broker.Storage.Sqlite.Migrations.";

    // synchronous=FULL in WAL mode syncs the log on every commit, so an acknowledged append survives a power loss;
    // NORMAL would only survive a process crash.
    public const string ConfigureWriter = """
        PRAGMA busy_timeout = 5000;
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA foreign_keys = ON;
        """;

    public const string ConfigureReader = """
        PRAGMA busy_timeout = 5000;
        PRAGMA query_only = ON;
        """;

    public const string JournalMode = "PRAGMA journal_mode";
    public const string Synchronous = "PRAGMA synchronous";
    public const string Ping = "SELECT 1";

    public const string CreateSchemaVersion = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            name    TEXT NOT NULL,
            applied INTEGER NOT NULL
        )
        """;

    public const string SelectSchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
    public const string SelectSchemaVersions = "SELECT version FROM schema_version ORDER BY version";
    public const string InsertSchemaVersion = "INSERT INTO schema_version (version, name, applied) VALUES (@Version, @Name, @Applied)";

    // Users, auth, credentials.

    private const string UserColumns = """
        id AS Id, created AS Created, updated AS Updated, state AS State, def_auth AS DefAuth, def_anon AS DefAnon,
        public AS Public, trusted AS Trusted, tags AS Tags, last_seen AS LastSeen, user_agent AS UserAgent,
        rate_limits AS RateLimits
        """;

    public const string InsertUser = """
        INSERT INTO users (id, created, updated, state, def_auth, def_anon, public, trusted, tags, last_seen, user_agent)
        VALUES (@Id, @Created, @Updated, @State, @DefAuth, @DefAnon, @Public, @Trusted, @Tags, @LastSeen, @UserAgent)
        """;

    public const string SelectUser = "SELECT " + UserColumns + " FROM users WHERE id = @Id";

    /// <summary><c>@Ids</c> is a JSON array of ids: one statement text for any number of ids.</summary>
    public const string SelectUsers = "SELECT " + UserColumns + " FROM users WHERE id IN (SELECT value FROM json_each(@Ids))";

    public const string UpdateUser = """
        UPDATE users
        SET state = @State, def_auth = @DefAuth, def_anon = @DefAnon, public = @Public, trusted = @Trusted,
            tags = @Tags, updated = @Updated
        WHERE id = @Id
        """;

    public const string UpdateLastSeen = "UPDATE users SET last_seen = @LastSeen, user_agent = @UserAgent WHERE id = @Id";

    public const string UpdateRateLimits = "UPDATE users SET rate_limits = @RateLimits WHERE id = @Id";

    public const string DeleteUser = """
        DELETE FROM auth WHERE user_id = @Id;
        DELETE FROM credentials WHERE user_id = @Id;
        DELETE FROM users WHERE id = @Id;
        """;

    private const string AuthColumns = "user_id AS UserId, scheme AS Scheme, uniq AS Uniq, secret AS Secret, auth_level AS AuthLevel";

    public const string InsertAuth = """
        INSERT INTO auth (scheme, uniq, user_id, secret, auth_level)
        VALUES (@Scheme, @Uniq, @UserId, @Secret, @AuthLevel)
        """;

    public const string SelectAuthByUnique = "SELECT " + AuthColumns + " FROM auth WHERE scheme = @Scheme AND uniq = @Uniq";

    public const string SelectAuthByUser = "SELECT " + AuthColumns + " FROM auth WHERE user_id = @UserId AND scheme = @Scheme ORDER BY uniq LIMIT 1";

    public const string UpdateAuthSecret = "UPDATE auth SET secret = @Secret WHERE user_id = @UserId AND scheme = @Scheme";

    public const string InsertCredential = "INSERT INTO credentials (user_id, method, value, done) VALUES (@UserId, @Method, @Value, @Done)";

    public const string SelectCredentials = """
        SELECT user_id AS UserId, method AS Method, value AS Value, done AS Done
        FROM credentials WHERE user_id = @UserId ORDER BY method, value
        """;

    // Topics.

    private const string TopicColumns = """
        name AS Name, created AS Created, updated AS Updated, touched AS Touched, owner AS Owner, def_auth AS DefAuth,
        def_anon AS DefAnon, public AS Public, trusted AS Trusted, tags AS Tags, seq AS Seq, del_id AS DelId
        """;

    public const string InsertTopic = """
        INSERT INTO topics (name, created, updated, touched, owner, def_auth, def_anon, public, trusted, tags, seq, del_id)
        VALUES (@Name, @Created, @Updated, @Touched, @Owner, @DefAuth, @DefAnon, @Public, @Trusted, @Tags, @Seq, @DelId)
        """;

    public const string SelectTopic = "SELECT " + TopicColumns + " FROM topics WHERE name = @Name";

    public const string UpdateTopic = """
        UPDATE topics
        SET updated = @Updated, owner = @Owner, def_auth = @DefAuth, def_anon = @DefAnon, public = @Public,
            trusted = @Trusted, tags = @Tags
        WHERE name = @Name
        """;

    public const string DeleteTopic = """
        DELETE FROM subscriptions WHERE topic = @Name;
        DELETE FROM messages WHERE topic = @Name;
        DELETE FROM deletions WHERE topic = @Name;
        DELETE FROM topics WHERE name = @Name;
        """;

    /// <summary>Names in [@Prefix, @PrefixEnd) after @After, in byte order (the BINARY collation).</summary>
    public const string ListTopicsByPrefix = "SELECT " + TopicColumns + """
         FROM topics
        WHERE name >= @Prefix AND name < @PrefixEnd AND name > @After
        ORDER BY name
        LIMIT @Limit
        """;

    // Subscriptions.

    private const string SubscriptionColumns = """
        topic AS Topic, user_id AS UserId, created AS Created, updated AS Updated, deleted AS Deleted, want AS Want,
        given AS Given, read_seq AS ReadSeq, recv_seq AS RecvSeq, del_id AS DelId, private AS Private
        """;

    public const string UpsertSubscription = """
        INSERT INTO subscriptions (topic, user_id, created, updated, deleted, want, given, read_seq, recv_seq, del_id, private)
        VALUES (@Topic, @UserId, @Created, @Updated, @Deleted, @Want, @Given, @ReadSeq, @RecvSeq, @DelId, @Private)
        ON CONFLICT (topic, user_id) DO UPDATE SET
            created = excluded.created, updated = excluded.updated, deleted = excluded.deleted, want = excluded.want,
            given = excluded.given, read_seq = excluded.read_seq, recv_seq = excluded.recv_seq,
            del_id = excluded.del_id, private = excluded.private
        """;

    public const string SelectSubscription = "SELECT " + SubscriptionColumns + " FROM subscriptions WHERE topic = @Topic AND user_id = @UserId";

    public const string SelectSubscriptionsForTopic = "SELECT " + SubscriptionColumns + """
         FROM subscriptions
        WHERE topic = @Topic AND (@IncludeDeleted OR deleted IS NULL)
        ORDER BY user_id
        """;

    public const string SelectSubscriptionsForUser = "SELECT " + SubscriptionColumns + """
         FROM subscriptions
        WHERE user_id = @UserId AND (@IncludeDeleted OR deleted IS NULL)
        ORDER BY topic
        """;

    public const string RaiseSenderMarkers = """
        UPDATE subscriptions SET read_seq = MAX(read_seq, @Seq), recv_seq = MAX(recv_seq, @Seq) WHERE topic = @Topic AND user_id = @From
        """;

    public const string UpdateMarkers = """
        UPDATE subscriptions SET read_seq = @ReadSeq, recv_seq = @RecvSeq WHERE topic = @Topic AND user_id = @UserId
        """;

    public const string SoftDeleteSubscription = """
        UPDATE subscriptions SET deleted = @When, updated = @When WHERE topic = @Topic AND user_id = @UserId
        """;

    // Messages and delete transactions.

    /// <summary>Reserves @Count seqs; returns the topic's new last seq, or no row if the topic does not exist.</summary>
    public const string AdvanceSeq = "UPDATE topics SET seq = seq + @Count, touched = @Touched WHERE name = @Topic RETURNING seq";

    public const string InsertMessage = """
        INSERT INTO messages (topic, seq, from_user, ts, head, content) VALUES (@Topic, @Seq, @From, @Ts, @Head, @Content)
        """;

    public const string SelectTopicSeq = "SELECT seq FROM topics WHERE name = @Topic";

    /// <summary>
    /// One window [@Low, @Hi) newest first: a backward range scan of the (topic, seq) key that skips hard-deleted
    /// rows and rows inside a range this user soft-deleted.
    /// </summary>
    public const string SelectMessages = """
        SELECT m.topic AS Topic, m.seq AS Seq, m.from_user AS FromUser, m.ts AS Ts, m.head AS Head, m.content AS Content
        FROM messages m
        WHERE m.topic = @Topic AND m.seq >= @Low AND m.seq < @Hi AND m.content IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM deletions d
              WHERE d.topic = m.topic AND d.for_user = @ForUser AND d.low <= m.seq AND d.hi > m.seq)
        ORDER BY m.seq DESC
        LIMIT @Limit
        """;

    /// <summary>The plan of <see cref="SelectMessages"/>, for the test that proves it is an index range scan.</summary>
    public const string ExplainSelectMessages = "EXPLAIN QUERY PLAN " + SelectMessages;

    public const string AdvanceDelId = "UPDATE topics SET del_id = del_id + 1 WHERE name = @Topic RETURNING del_id";

    public const string InsertDeletionRange = """
        INSERT INTO deletions (topic, del_id, for_user, low, hi) VALUES (@Topic, @DelId, @ForUser, @Low, @Hi)
        """;

    public const string HardDeleteRange = """
        UPDATE messages SET head = NULL, content = NULL
        WHERE topic = @Topic AND seq >= @Low AND seq < @Hi AND content IS NOT NULL
        """;

    /// <summary>The ranges of the first @Limit delete transactions visible to @ForUser with ids in [@Since, @Before).</summary>
    public const string SelectDeletions = """
        SELECT del_id AS DelId, for_user AS ForUser, low AS Low, hi AS Hi
        FROM deletions
        WHERE topic = @Topic AND del_id IN (
            SELECT DISTINCT del_id FROM deletions
            WHERE topic = @Topic AND del_id >= @Since AND del_id < @Before AND (for_user IS NULL OR for_user = @ForUser)
            ORDER BY del_id
            LIMIT @Limit)
        ORDER BY del_id, low
        """;

    public static readonly SubscriptionQueries Subscriptions = new(
        SelectSubscription,
        SelectSubscriptionsForTopic,
        SelectSubscriptionsForUser,
        UpsertSubscription,
        UpdateMarkers,
        SoftDeleteSubscription);

    /// <summary>The id list of <c>SelectUsers</c>: a JSON array read with json_each.</summary>
    public static readonly UserQueries Users = new(
        SelectUser,
        SelectUsers,
        InsertUser,
        InsertAuth,
        InsertCredential,
        UpdateUser,
        UpdateLastSeen,
        UpdateRateLimits,
        DeleteUser,
        SelectAuthByUnique,
        SelectAuthByUser,
        UpdateAuthSecret,
        SelectCredentials,
        static ids => "[" + string.Join(',', ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");
}
