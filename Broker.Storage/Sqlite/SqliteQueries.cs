using Broker.Storage.Relational;

using static Broker.Storage.Relational.CommonQueries;

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

    /// <summary>Leaves a backup copy as one file, without a -wal beside it.</summary>
    public const string RollbackJournal = "PRAGMA journal_mode = DELETE";
    public const string Synchronous = "PRAGMA synchronous";

    public const string CreateSchemaVersion = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            name    TEXT NOT NULL,
            applied INTEGER NOT NULL
        )
        """;

    public const string SelectSchemaVersionApplied = "SELECT COUNT(*) FROM schema_version WHERE version = @Version";

    // Users, auth, credentials.

    private const string UserColumns = """
        id AS Id, created AS Created, updated AS Updated, state AS State, def_auth AS DefAuth, def_anon AS DefAnon,
        public AS Public, trusted AS Trusted, tags AS Tags, last_seen AS LastSeen, user_agent AS UserAgent,
        rate_limits AS RateLimits, private AS Private
        """;

    public const string InsertUser = """
        INSERT INTO users (id, created, updated, state, def_auth, def_anon, public, trusted, tags, last_seen, user_agent, private)
        VALUES (@Id, @Created, @Updated, @State, @DefAuth, @DefAnon, @Public, @Trusted, @Tags, @LastSeen, @UserAgent, @Private)
        """;

    public const string SelectUser = "SELECT " + UserColumns + " FROM users WHERE id = @Id";

    /// <summary><c>@Ids</c> is a JSON array of ids: one statement text for any number of ids.</summary>
    public const string SelectUsers = "SELECT " + UserColumns + " FROM users WHERE id IN (SELECT value FROM json_each(@Ids))";

    public const string UpdateUser = """
        UPDATE users
        SET state = @State, def_auth = @DefAuth, def_anon = @DefAnon, public = @Public, trusted = @Trusted,
            tags = @Tags, updated = @Updated, private = @Private
        WHERE id = @Id
        """;

    // Topics.

    private const string TopicColumns = """
        name AS Name, created AS Created, updated AS Updated, touched AS Touched, owner AS Owner, def_auth AS DefAuth,
        def_anon AS DefAnon, public AS Public, trusted AS Trusted, tags AS Tags, seq AS Seq, del_id AS DelId, aux AS Aux, is_chan AS IsChan
        """;

    public const string InsertTopic = """
        INSERT INTO topics (name, created, updated, touched, owner, def_auth, def_anon, public, trusted, tags, seq, del_id, aux, is_chan)
        VALUES (@Name, @Created, @Updated, @Touched, @Owner, @DefAuth, @DefAnon, @Public, @Trusted, @Tags, @Seq, @DelId, @Aux, @IsChan)
        """;

    public const string SelectTopic = "SELECT " + TopicColumns + " FROM topics WHERE name = @Name";

    public const string UpdateTopic = """
        UPDATE topics
        SET updated = @Updated, owner = @Owner, def_auth = @DefAuth, def_anon = @DefAnon, public = @Public,
            trusted = @Trusted, tags = @Tags, aux = @Aux
        WHERE name = @Name
        """;

    /// <summary>Names in [@Prefix, @PrefixEnd) after @After, in byte order (the BINARY collation).</summary>
    public const string ListTopicsByPrefix = "SELECT " + TopicColumns + TopicsByPrefix;

    public const string ListOwnerlessTopicsByPrefix = "SELECT " + TopicColumns + OwnerlessTopicsByPrefix;

    // Subscriptions (the rest of their statements are in CommonQueries).

    public const string RaiseSenderMarkers = """
        UPDATE subscriptions SET read_seq = MAX(read_seq, @Seq), recv_seq = MAX(recv_seq, @Seq) WHERE topic = @Topic AND user_id = @From
        """;

    // Messages and delete transactions (the statements both dialects share are in CommonQueries).

    /// <summary>The topic's seq, or no row; SQLite's single writer already keeps other appends out.</summary>
    public const string LockTopic = "SELECT epoch FROM topics WHERE name = @Topic";

    public const string InsertMessage = """
        INSERT INTO messages (topic, seq, from_user, ts, head, content) VALUES (@Topic, @Seq, @From, @Ts, @Head, @Content)
        """;

    /// <summary>The plan of the history query, for the test that proves it is an index range scan.</summary>
    public const string ExplainSelectMessages = "EXPLAIN QUERY PLAN " + CommonQueries.SelectMessages;

    /// <summary>Rows are inserted one at a time through one prepared statement (SQLite has no array parameters).</summary>
    public static readonly MessageQueries Messages = CommonQueries.Messages(LockTopic, InsertMessage, insertsArrays: false, RaiseSenderMarkers, CommonQueries.Fence);

    public static readonly SubscriptionQueries Subscriptions = CommonQueries.Subscriptions(CommonQueries.Fence);

    public static readonly TopicQueries Topics = CommonQueries.Topics(InsertTopic, SelectTopic, UpdateTopic, ListTopicsByPrefix, ListOwnerlessTopicsByPrefix, CommonQueries.Fence);

    /// <summary>The id list of <c>SelectUsers</c>: a JSON array read with json_each.</summary>
    public static readonly UserQueries Users = CommonQueries.Users(SelectUser, SelectUsers, InsertUser, UpdateUser, static ids => "[" + string.Join(',', ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]");

    // The tag index (fnd search).

    /// <summary>The search: @Terms is a JSON array of {t, g, w} read with json_each (see TagTermsJson).</summary>
    public const string FindByTags = """
        WITH terms AS (
            SELECT json_extract(value, '$.t') AS tag, json_extract(value, '$.g') AS grp, json_extract(value, '$.w') AS w
            FROM json_each(@Terms)),
        """ + FindByTerms;

    /// <summary>The search with one tag many users hold (see <see cref="CommonQueries.FindByTermsWithCommonTag"/>).</summary>
    public const string FindByTagsWithCommonTag = """
        WITH terms AS (
            SELECT json_extract(value, '$.t') AS tag, json_extract(value, '$.g') AS grp, json_extract(value, '$.w') AS w
            FROM json_each(@Terms)),
        """ + FindByTermsWithCommonTag;

    /// <summary>Which searched tags are common (see <see cref="CommonQueries.SelectCommonTags"/>).</summary>
    public const string FindCommonTags = """
        WITH terms AS (
            SELECT json_extract(value, '$.t') AS tag, json_extract(value, '$.g') AS grp, json_extract(value, '$.w') AS w
            FROM json_each(@Terms))
        """ + SelectCommonTags;

    /// <summary>The plan of the search, for the test that proves it looks terms up by key.</summary>
    public const string ExplainFindByTags = "EXPLAIN QUERY PLAN " + FindByTags;

    public const string ReplaceUserTags = """
        DELETE FROM user_tags WHERE user_id = @Id;
        INSERT OR IGNORE INTO user_tags (tag, user_id) SELECT value, @Id FROM json_each(@Tags);
        """;

    public const string ReplaceTopicTags = """
        DELETE FROM topic_tags WHERE topic = @Name;
        INSERT OR IGNORE INTO topic_tags (tag, topic) SELECT value, @Name FROM json_each(@Tags);
        """;

    public static readonly TagQueries Tags = new(FindByTags, FindByTagsWithCommonTag, FindCommonTags, FindTagOwner, ReplaceUserTags, ReplaceTopicTags);

    // Credential validation, login renames, one-time codes (CredentialQueries).

    public const string SelectConfirmedOwner = "SELECT user_id FROM credentials WHERE method = @Method AND value = @Value AND done = 1";

    public const string ReplacePendingCredential = """
        DELETE FROM credentials WHERE user_id = @UserId AND method = @Method AND done = 0 AND value <> @Value;
        INSERT INTO credentials (user_id, method, value, done) VALUES (@UserId, @Method, @Value, 0)
        ON CONFLICT (user_id, method, value) DO NOTHING;
        """;

    public const string ConfirmCredential = "UPDATE credentials SET done = 1 WHERE user_id = @UserId AND method = @Method AND value = @Value";

    public const string DeleteCredential = "DELETE FROM credentials WHERE user_id = @UserId AND method = @Method AND value = @Value";

    public const string UpdateAuth = "UPDATE auth SET uniq = @Uniq, secret = @Secret WHERE user_id = @UserId AND scheme = @Scheme";

    public const string UpsertCode = """
        DELETE FROM one_time_codes WHERE expires < @Now;
        INSERT INTO one_time_codes (purpose, subject, user_id, value, code_hash, expires, attempts)
        VALUES (@Purpose, @Subject, @UserId, @Value, @CodeHash, @Expires, 0)
        ON CONFLICT (purpose, subject) DO UPDATE
        SET user_id = excluded.user_id, value = excluded.value, code_hash = excluded.code_hash, expires = excluded.expires, attempts = 0;
        """;

    public const string SelectCode = """
        SELECT purpose AS Purpose, subject AS Subject, user_id AS UserId, value AS Value, code_hash AS CodeHash,
               expires AS Expires, attempts AS Attempts
        FROM one_time_codes WHERE purpose = @Purpose AND subject = @Subject
        """;

    public const string CountCodeFailure = "UPDATE one_time_codes SET attempts = attempts + 1 WHERE purpose = @Purpose AND subject = @Subject RETURNING attempts";

    public const string DeleteCode = "DELETE FROM one_time_codes WHERE purpose = @Purpose AND subject = @Subject";

    public static readonly CredentialQueries Credentials = new(
        SelectConfirmedOwner,
        ReplacePendingCredential,
        ConfirmCredential,
        DeleteCredential,
        UpdateAuth,
        UpsertCode,
        SelectCode,
        CountCodeFailure,
        DeleteCode);
}
