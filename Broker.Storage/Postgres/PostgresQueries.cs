using Broker.Storage.Relational;

using static Broker.Storage.Relational.CommonQueries;

namespace Broker.Storage.Postgres;

/// <summary>
/// Every SQL statement of the PostgreSQL backend. Columns are aliased to the row types' property names for Dapper;
/// timestamps are unix milliseconds; tags are read as jsonb text and written from JSON text.
/// </summary>
internal static class PostgresQueries
{
    public const string MigrationResourcePrefix = "Broker.Storage.Postgres.Migrations.";

    /// <summary>Key of the transaction-scoped advisory lock that lets one node at a time migrate.</summary>
    public const long MigrationLockKey = 0x42726F6B65724D; // "BrokerM"

    public const string LockMigrations = "SELECT pg_advisory_xact_lock(@Key)";

    /// <summary>Returns the DDL to run: identifiers cannot be parameters, so format() quotes the schema name.</summary>
    public const string FormatCreateSchema = "SELECT format('CREATE SCHEMA IF NOT EXISTS %I', @Schema::text)";

    public const string FormatDropSchema = "SELECT format('DROP SCHEMA IF EXISTS %I CASCADE', @Schema::text)";

    public const string CreateSchemaVersion = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version integer PRIMARY KEY,
            name    text NOT NULL,
            applied bigint NOT NULL
        )
        """;

    // Users, auth, credentials.

    private const string UserColumns = """
        id AS Id, created AS Created, updated AS Updated, state AS State, def_auth AS DefAuth, def_anon AS DefAnon,
        public AS Public, trusted AS Trusted, tags::text AS Tags, last_seen AS LastSeen, user_agent AS UserAgent,
        rate_limits AS RateLimits, private AS Private
        """;

    public const string InsertUser = """
        INSERT INTO users (id, created, updated, state, def_auth, def_anon, public, trusted, tags, last_seen, user_agent, private)
        VALUES (@Id, @Created, @Updated, @State, @DefAuth, @DefAnon, @Public, @Trusted, @Tags::jsonb, @LastSeen, @UserAgent, @Private)
        """;

    public const string SelectUser = "SELECT " + UserColumns + " FROM users WHERE id = @Id";

    /// <summary><c>@Ids</c> is a bigint array: one statement text for any number of ids.</summary>
    public const string SelectUsers = "SELECT " + UserColumns + " FROM users WHERE id = ANY(@Ids)";

    public const string UpdateUser = """
        UPDATE users
        SET state = @State, def_auth = @DefAuth, def_anon = @DefAnon, public = @Public, trusted = @Trusted,
            tags = @Tags::jsonb, updated = @Updated, private = @Private
        WHERE id = @Id
        """;

    /// <summary>
    /// <see cref="CommonQueries.Fence"/>, holding topic @FenceTopic's row FOR SHARE until the write commits: a claim
    /// (an UPDATE of that row) from another node either waits for the write, or commits first and the fence, re-checked
    /// on the row's newest version, refuses it.
    /// </summary>
    public const string Fence = "(@Epoch IS NULL OR EXISTS (SELECT 1 FROM topics WHERE name = @FenceTopic AND epoch = @Epoch FOR SHARE))";

    // Topics.

    private const string TopicColumns = """
        name AS Name, created AS Created, updated AS Updated, touched AS Touched, owner AS Owner, def_auth AS DefAuth,
        def_anon AS DefAnon, public AS Public, trusted AS Trusted, tags::text AS Tags, seq AS Seq, del_id AS DelId, aux AS Aux, is_chan AS IsChan
        """;

    public const string InsertTopic = """
        INSERT INTO topics (name, created, updated, touched, owner, def_auth, def_anon, public, trusted, tags, seq, del_id, aux, is_chan)
        VALUES (@Name, @Created, @Updated, @Touched, @Owner, @DefAuth, @DefAnon, @Public, @Trusted, @Tags::jsonb, @Seq, @DelId, @Aux, @IsChan)
        """;

    public const string SelectTopic = "SELECT " + TopicColumns + " FROM topics WHERE name = @Name";

    public const string UpdateTopic = """
        UPDATE topics
        SET updated = @Updated, owner = @Owner, def_auth = @DefAuth, def_anon = @DefAnon, public = @Public,
            trusted = @Trusted, tags = @Tags::jsonb, aux = @Aux
        WHERE name = @Name
        """;

    /// <summary>Names in [@Prefix, @PrefixEnd) after @After, in byte order (the column's "C" collation).</summary>
    public const string ListTopicsByPrefix = "SELECT " + TopicColumns + TopicsByPrefix;

    public const string ListOwnerlessTopicsByPrefix = "SELECT " + TopicColumns + OwnerlessTopicsByPrefix;

    // Subscriptions (the rest of their statements are in CommonQueries).

    public const string RaiseSenderMarkers = """
        UPDATE subscriptions SET read_seq = GREATEST(read_seq, @Seq), recv_seq = GREATEST(recv_seq, @Seq) WHERE topic = @Topic AND user_id = @From
        """;

    // Messages and delete transactions (the statements both dialects share are in CommonQueries).

    /// <summary>
    /// The topic's seq, or no row, holding the topic row's lock until the transaction ends: appends with idempotency
    /// keys to one topic, from this node or another, look their keys up one after the other.
    /// </summary>
    public const string LockTopic = "SELECT epoch FROM topics WHERE name = @Topic FOR UPDATE";

    /// <summary>
    /// Inserts the whole batch in one statement from parallel arrays; row i (from 1) gets seq @First + i - 1.
    /// </summary>
    public const string InsertMessages = """
        INSERT INTO messages (topic, seq, from_user, ts, head, content)
        SELECT @Topic, @First + u.ord - 1, u.from_user, u.ts, u.head, u.content
        FROM unnest(@FromUsers, @Timestamps, @Heads, @Contents) WITH ORDINALITY AS u (from_user, ts, head, content, ord)
        """;

    /// <summary>
    /// Seqs are reserved with <c>UPDATE … RETURNING</c>, whose row lock makes concurrent appends to one topic (from
    /// this node or another sharing the database) wait for each other.
    /// </summary>
    public static readonly MessageQueries Messages = CommonQueries.Messages(LockTopic, InsertMessages, insertsArrays: true, RaiseSenderMarkers, Fence);

    public static readonly SubscriptionQueries Subscriptions = CommonQueries.Subscriptions(Fence);

    public static readonly TopicQueries Topics = CommonQueries.Topics(InsertTopic, SelectTopic, UpdateTopic, ListTopicsByPrefix, ListOwnerlessTopicsByPrefix, Fence);

    /// <summary>The id list of <c>SelectUsers</c>: a bigint[] parameter.</summary>
    public static readonly UserQueries Users = CommonQueries.Users(SelectUser, SelectUsers, InsertUser, UpdateUser, static ids => ids.ToArray());

    // The tag index (fnd search).

    /// <summary>The search: @Terms is a JSON array of {t, g, w} read with jsonb_to_recordset (see TagTermsJson).</summary>
    public const string FindByTags = """
        WITH terms AS (
            SELECT x.t AS tag, x.g AS grp, x.w AS w
            FROM jsonb_to_recordset(CAST(@Terms AS jsonb)) AS x (t text, g integer, w integer)),
        """ + FindByTerms;

    /// <summary>The search with one tag many users hold (see <see cref="CommonQueries.FindByTermsWithCommonTag"/>).</summary>
    public const string FindByTagsWithCommonTag = """
        WITH terms AS (
            SELECT x.t AS tag, x.g AS grp, x.w AS w
            FROM jsonb_to_recordset(CAST(@Terms AS jsonb)) AS x (t text, g integer, w integer)),
        """ + FindByTermsWithCommonTag;

    /// <summary>Which searched tags are common (see <see cref="CommonQueries.SelectCommonTags"/>).</summary>
    public const string FindCommonTags = """
        WITH terms AS (
            SELECT x.t AS tag, x.g AS grp, x.w AS w
            FROM jsonb_to_recordset(CAST(@Terms AS jsonb)) AS x (t text, g integer, w integer))
        """ + SelectCommonTags;

    public const string ReplaceUserTags = """
        DELETE FROM user_tags WHERE user_id = @Id;
        INSERT INTO user_tags (tag, user_id)
        SELECT DISTINCT tag, CAST(@Id AS bigint) FROM jsonb_array_elements_text(CAST(@Tags AS jsonb)) AS tag;
        """;

    public const string ReplaceTopicTags = """
        DELETE FROM topic_tags WHERE topic = @Name;
        INSERT INTO topic_tags (tag, topic)
        SELECT DISTINCT tag, CAST(@Name AS text) FROM jsonb_array_elements_text(CAST(@Tags AS jsonb)) AS tag;
        """;

    public static readonly TagQueries Tags = new(FindByTags, FindByTagsWithCommonTag, FindCommonTags, FindTagOwner, ReplaceUserTags, ReplaceTopicTags);

    // Credential validation, login renames, one-time codes (CredentialQueries).

    public const string SelectConfirmedOwner = "SELECT user_id FROM credentials WHERE method = @Method AND value = @Value AND done";

    public const string ReplacePendingCredential = """
        DELETE FROM credentials WHERE user_id = @UserId AND method = @Method AND NOT done AND value <> @Value;
        INSERT INTO credentials (user_id, method, value, done) VALUES (@UserId, @Method, @Value, false)
        ON CONFLICT (user_id, method, value) DO NOTHING;
        """;

    public const string ConfirmCredential = "UPDATE credentials SET done = true WHERE user_id = @UserId AND method = @Method AND value = @Value";

    public const string DeleteCredential = "DELETE FROM credentials WHERE user_id = @UserId AND method = @Method AND value = @Value";

    public const string UpdateAuth = "UPDATE auth SET uniq = @Uniq, secret = @Secret WHERE user_id = @UserId AND scheme = @Scheme";

    public const string UpsertCode = """
        DELETE FROM one_time_codes WHERE expires < @Now;
        INSERT INTO one_time_codes (purpose, subject, user_id, value, code_hash, expires, attempts)
        VALUES (@Purpose, @Subject, @UserId, @Value, @CodeHash, @Expires, 0)
        ON CONFLICT (purpose, subject) DO UPDATE
        SET user_id = EXCLUDED.user_id, value = EXCLUDED.value, code_hash = EXCLUDED.code_hash, expires = EXCLUDED.expires, attempts = 0;
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
