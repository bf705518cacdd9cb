namespace Broker.Storage.Relational;

/// <summary>
/// The statements SQLite and PostgreSQL run as written, shared by both dialects' query sets. Columns are aliased to
/// the row types' property names for Dapper; timestamps are unix milliseconds.
/// </summary>
internal static class CommonQueries
{
    // Schema versions, users, auth, credentials, topics and subscriptions: the statements both dialects share.

    public const string Ping = "SELECT 1";

    public const string SelectSchemaVersions = "SELECT version FROM schema_version ORDER BY version";

    public const string InsertSchemaVersion = "INSERT INTO schema_version (version, name, applied) VALUES (@Version, @Name, @Applied)";

    public const string UpdateLastSeen = "UPDATE users SET last_seen = @LastSeen, user_agent = @UserAgent WHERE id = @Id";

    public const string UpdateRateLimits = "UPDATE users SET rate_limits = @RateLimits WHERE id = @Id";

    public const string DeleteUser = """
        DELETE FROM auth WHERE user_id = @Id;
        DELETE FROM credentials WHERE user_id = @Id;
        DELETE FROM one_time_codes WHERE user_id = @Id;
        DELETE FROM user_tags WHERE user_id = @Id;
        DELETE FROM users WHERE id = @Id;
        """;

    public const string AuthColumns = "user_id AS UserId, scheme AS Scheme, uniq AS Uniq, secret AS Secret, auth_level AS AuthLevel";

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

    /// <summary>
    /// The fence of a topic write (<see cref="TopicFence"/>), ANDed to its WHERE: true when the write is unfenced
    /// (@Epoch null) or while topic @FenceTopic is at @Epoch. SQLite's form: its one writer keeps a claim out until the
    /// write commits. (PostgreSQL's locks the row, see <c>PostgresQueries.Fence</c>.)
    /// </summary>
    public const string Fence = "(@Epoch IS NULL OR EXISTS (SELECT 1 FROM topics WHERE name = @FenceTopic AND epoch = @Epoch))";

    /// <summary>The epoch of topic @Name, or no row: why a fenced write changed nothing.</summary>
    public const string SelectEpoch = "SELECT epoch FROM topics WHERE name = @Name";

    /// <summary>The topic's own row, first in its deletion, where the dialect's fence follows.</summary>
    public const string DeleteTopicRow = "DELETE FROM topics WHERE name = @Name";

    /// <summary>Everything else of topic @Name (and its channel readers' subscriptions, under @Readers), after its row.</summary>
    public const string DeleteTopicData = """
        DELETE FROM subscriptions WHERE topic = @Name OR topic = @Readers;
        DELETE FROM messages WHERE topic = @Name;
        DELETE FROM deletions WHERE topic = @Name;
        DELETE FROM message_keys WHERE topic = @Name;
        DELETE FROM outbox WHERE topic = @Name;
        DELETE FROM topic_tags WHERE topic = @Name;
        """;

    public const string SubscriptionColumns = """
        topic AS Topic, user_id AS UserId, created AS Created, updated AS Updated, deleted AS Deleted, want AS Want,
        given AS Given, read_seq AS ReadSeq, recv_seq AS RecvSeq, del_id AS DelId, private AS Private
        """;

    // CAST: PostgreSQL wants the parameter typed as boolean, SQLite reads it as 0 or 1.
    public const string SelectSubscriptionsForTopic = "SELECT " + SubscriptionColumns + """
         FROM subscriptions
        WHERE topic = @Topic AND (CAST(@IncludeDeleted AS BOOLEAN) OR deleted IS NULL)
        ORDER BY user_id
        """;

    public const string SelectSubscriptionsForUser = "SELECT " + SubscriptionColumns + """
         FROM subscriptions
        WHERE user_id = @UserId AND (CAST(@IncludeDeleted AS BOOLEAN) OR deleted IS NULL)
        ORDER BY topic
        """;

    /// <summary>
    /// The clause of a group listing after the dialect's column list: names in [@Prefix, @PrefixEnd) after @After, in
    /// byte order (SQLite's BINARY collation, the PostgreSQL column's "C" collation).
    /// </summary>
    public const string TopicsByPrefix = """
         FROM topics
        WHERE name >= @Prefix AND name < @PrefixEnd AND name > @After
        ORDER BY name
        LIMIT @Limit
        """;

    /// <summary>As <see cref="TopicsByPrefix"/>, only topics without an owner (emc groups among the emc topics).</summary>
    public const string OwnerlessTopicsByPrefix = """
         FROM topics
        WHERE name >= @Prefix AND name < @PrefixEnd AND name > @After AND owner = 0
        ORDER BY name
        LIMIT @Limit
        """;

    public const string SelectSubscription = "SELECT " + SubscriptionColumns + " FROM subscriptions WHERE topic = @Topic AND user_id = @UserId";

    public const string UpdateMarkers = """
        UPDATE subscriptions SET read_seq = @ReadSeq, recv_seq = @RecvSeq WHERE topic = @Topic AND user_id = @UserId
        """;

    public const string SoftDeleteSubscription = """
        UPDATE subscriptions SET deleted = @When, updated = @When WHERE topic = @Topic AND user_id = @UserId
        """;

    public const string UpsertSubscription = """
        INSERT INTO subscriptions (topic, user_id, created, updated, deleted, want, given, read_seq, recv_seq, del_id, private)
        VALUES (@Topic, @UserId, @Created, @Updated, @Deleted, @Want, @Given, @ReadSeq, @RecvSeq, @DelId, @Private)
        ON CONFLICT (topic, user_id) DO UPDATE SET
            created = excluded.created, updated = excluded.updated, deleted = excluded.deleted, want = excluded.want,
            given = excluded.given, read_seq = excluded.read_seq, recv_seq = excluded.recv_seq,
            del_id = excluded.del_id, private = excluded.private
        """;

    /// <summary>
    /// <see cref="UpsertSubscription"/> of one row under the fence that <paramref name="fence"/> completes (SQLite
    /// needs the WHERE before ON CONFLICT anyway); nothing changes when it does not hold.
    /// </summary>
    private static string UpsertSubscriptionFenced(string fence) => """
        INSERT INTO subscriptions (topic, user_id, created, updated, deleted, want, given, read_seq, recv_seq, del_id, private)
        SELECT @Topic, @UserId, @Created, @Updated, @Deleted, @Want, @Given, @ReadSeq, @RecvSeq, @DelId, @Private
        WHERE
        """ + " " + fence + """

        ON CONFLICT (topic, user_id) DO UPDATE SET
            created = excluded.created, updated = excluded.updated, deleted = excluded.deleted, want = excluded.want,
            given = excluded.given, read_seq = excluded.read_seq, recv_seq = excluded.recv_seq,
            del_id = excluded.del_id, private = excluded.private
        """;

    // The tag index (fnd search): the statements both dialects share.

    /// <summary>A user's or else a topic's holding of exactly @Tag (both key lookups).</summary>
    public const string FindTagOwner = """
        SELECT Kind, UserId, Topic FROM (
            SELECT 0 AS Kind, user_id AS UserId, '' AS Topic FROM user_tags WHERE tag = @Tag
            UNION ALL
            SELECT 1 AS Kind, 0 AS UserId, topic AS Topic FROM topic_tags WHERE tag = @Tag) owners
        ORDER BY Kind, UserId, Topic
        LIMIT 1
        """;

    /// <summary>
    /// The search after the dialect's <c>terms (tag, grp, w)</c> table: each term's holders through the (tag, owner)
    /// keys, scored by the weights of the tags they hold, kept when every required group (@Groups of them) is matched;
    /// the best @Limit of the active users and topics are ranked on narrow rows first, and only those are joined to
    /// their public, trusted and tags.
    /// </summary>
    public const string FindByTerms = """
        user_hits AS (
            SELECT ut.user_id AS user_id, SUM(terms.w) AS score
            FROM terms CROSS JOIN user_tags ut
            WHERE ut.tag = terms.tag
            GROUP BY ut.user_id
            HAVING COUNT(DISTINCT terms.grp) = @Groups),
        """ + TopicHits + """
        ranked AS (
            SELECT 0 AS kind, h.user_id AS user_id, '' AS topic, h.score AS score
            FROM user_hits h JOIN users u ON u.id = h.user_id
            WHERE u.state = 0 AND u.id <> @Caller
            UNION ALL
            SELECT 1 AS kind, 0 AS user_id, h.topic AS topic, h.score AS score
            FROM topic_hits h
            ORDER BY score DESC, kind, user_id, topic
            LIMIT @Limit)
        """ + FoundColumns;

    /// <summary>The searched tags more than @Cap users hold, after the dialect's terms table (a bounded look at each).</summary>
    public const string SelectCommonTags = """
        SELECT DISTINCT terms.tag AS Tag FROM terms
        WHERE EXISTS (SELECT 1 FROM user_tags ut WHERE ut.tag = terms.tag LIMIT 1 OFFSET @Cap)
        """;

    /// <summary>
    /// <see cref="FindByTerms"/> when one searched tag, @Common, is held by many users: every holder of the other
    /// (rarer) tags is scored as there, but the holders of @Common that hold none of them all score the same
    /// (@CommonWeight) and rank by id, so only the first @Limit of them can rank: read in key order from
    /// (tag, user), stopping there. They count only when @Common alone matches every required group (@CommonAlone).
    /// </summary>
    public const string FindByTermsWithCommonTag = """
        rare_users AS (
            SELECT DISTINCT ut.user_id AS user_id
            FROM terms CROSS JOIN user_tags ut
            WHERE ut.tag = terms.tag AND terms.tag <> @Common),
        user_hits AS (
            SELECT ut.user_id AS user_id, SUM(terms.w) AS score
            FROM rare_users r CROSS JOIN terms CROSS JOIN user_tags ut
            WHERE ut.tag = terms.tag AND ut.user_id = r.user_id
            GROUP BY ut.user_id
            HAVING COUNT(DISTINCT terms.grp) = @Groups),
        common_only AS (
            SELECT ut.user_id AS user_id, @CommonWeight AS score
            FROM user_tags ut JOIN users u ON u.id = ut.user_id
            WHERE @CommonAlone = 1 AND ut.tag = @Common AND u.state = 0 AND u.id <> @Caller
              AND ut.user_id NOT IN (SELECT user_id FROM rare_users)
            ORDER BY ut.user_id
            LIMIT @Limit),
        """ + TopicHits + """
        ranked AS (
            SELECT 0 AS kind, h.user_id AS user_id, '' AS topic, h.score AS score
            FROM user_hits h JOIN users u ON u.id = h.user_id
            WHERE u.state = 0 AND u.id <> @Caller
            UNION ALL
            SELECT 0 AS kind, c.user_id AS user_id, '' AS topic, c.score AS score
            FROM common_only c
            UNION ALL
            SELECT 1 AS kind, 0 AS user_id, h.topic AS topic, h.score AS score
            FROM topic_hits h
            ORDER BY score DESC, kind, user_id, topic
            LIMIT @Limit)
        """ + FoundColumns;

    /// <summary>The topics holding a tag of every searched group, scored by the weights of the tags they hold (a CTE of both searches).</summary>
    private const string TopicHits = """
        topic_hits AS (
            SELECT tt.topic AS topic, SUM(terms.w) AS score
            FROM terms CROSS JOIN topic_tags tt
            WHERE tt.tag = terms.tag
            GROUP BY tt.topic
            HAVING COUNT(DISTINCT terms.grp) = @Groups),
        """;

    /// <summary>The ranked owners joined to what a result shows, best first.</summary>
    private const string FoundColumns = """

        SELECT r.kind AS Kind, r.user_id AS UserId, r.topic AS Topic,
               COALESCE(u.created, t.created) AS Created, COALESCE(u.updated, t.updated) AS Updated,
               COALESCE(u.def_auth, t.def_auth) AS DefAuth, COALESCE(u.def_anon, t.def_anon) AS DefAnon,
               COALESCE(u.public, t.public) AS Public, COALESCE(u.trusted, t.trusted) AS Trusted,
               CAST(COALESCE(u.tags, t.tags) AS TEXT) AS Tags, r.score AS Score,
               COALESCE(t.is_chan, 0) AS IsChannel,
               CASE WHEN r.kind = 1 THEN (
                   SELECT COUNT(*) FROM subscriptions s
                   WHERE s.topic IN (t.name, 'chn' || substr(t.name, 4)) AND s.deleted IS NULL) ELSE 0 END AS SubCount
        FROM ranked r
        LEFT JOIN users u ON r.kind = 0 AND u.id = r.user_id
        LEFT JOIN topics t ON r.kind = 1 AND t.name = r.topic
        ORDER BY r.score DESC, r.kind, r.user_id, r.topic
        """;

    // Messages.

    /// <summary>Reserves @Count seqs; returns the topic's new last seq, or no row if the topic does not exist.</summary>
    public const string AdvanceSeq = "UPDATE topics SET seq = seq + @Count, touched = @Touched WHERE name = @Topic RETURNING seq";

    /// <summary><see cref="AdvanceSeq"/> only while the topic's epoch is still @Epoch (no row: stale or missing).</summary>
    public const string AdvanceSeqFenced = "UPDATE topics SET seq = seq + @Count, touched = @Touched WHERE name = @Topic AND epoch = @Epoch RETURNING seq";

    /// <summary>A new activation claims the topic: the raised epoch, no row when there is no such topic.</summary>
    public const string ClaimEpoch = "UPDATE topics SET epoch = epoch + 1 WHERE name = @Name RETURNING epoch";

    /// <summary>The last message @From stored in @Topic with key @Key: its seq and time (one primary-key lookup).</summary>
    public const string SelectMessageKey = "SELECT seq, ts FROM message_keys WHERE topic = @Topic AND from_user = @From AND idem_key = @Key";

    /// <summary>Points the key at its newest message (a key outside the window is taken over by the new one).</summary>
    public const string UpsertMessageKey = """
        INSERT INTO message_keys (topic, from_user, idem_key, seq, ts) VALUES (@Topic, @From, @Key, @Seq, @Ts)
        ON CONFLICT (topic, from_user, idem_key) DO UPDATE SET seq = excluded.seq, ts = excluded.ts
        """;

    public const string InsertOutbox = "INSERT INTO outbox (topic, seq, attempts, due_at) VALUES (@Topic, @Seq, 0, @DueAt)";

    public const string ReplaceHead = "UPDATE messages SET head = @Head WHERE topic = @Topic AND seq = @Seq AND content IS NOT NULL";

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

    // Delete transactions.

    /// <summary>The next del id, where the dialect's fence follows (no row: no topic, or the fence does not hold).</summary>
    public const string AdvanceDelId = "UPDATE topics SET del_id = del_id + 1 WHERE name = @Topic";

    public const string InsertDeletionRange = """
        INSERT INTO deletions (topic, del_id, for_user, low, hi) VALUES (@Topic, @DelId, @ForUser, @Low, @Hi)
        """;

    public const string HardDeleteRange = """
        UPDATE messages SET head = NULL, content = NULL
        WHERE topic = @Topic AND seq >= @Low AND seq < @Hi AND content IS NOT NULL
        """;

    /// <summary>A hard-deleted message is not handed to a gateway any more.</summary>
    public const string DeleteOutboxRange = "DELETE FROM outbox WHERE topic = @Topic AND seq >= @Low AND seq < @Hi";

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

    // Outbox.

    /// <summary>Due entries with their messages, earliest due first (the due_at index).</summary>
    public const string SelectDueOutbox = """
        SELECT o.topic AS Topic, o.seq AS Seq, m.from_user AS FromUser, m.ts AS Ts, m.head AS Head, m.content AS Content,
               o.attempts AS Attempts, o.due_at AS DueAt
        FROM outbox o JOIN messages m ON m.topic = o.topic AND m.seq = o.seq
        WHERE o.due_at <= @Now
        ORDER BY o.due_at, o.topic, o.seq
        LIMIT @Limit
        """;

    public const string CompleteOutbox = "DELETE FROM outbox WHERE topic = @Topic AND seq = @Seq";

    public const string RescheduleOutbox = "UPDATE outbox SET attempts = @Attempts, due_at = @DueAt WHERE topic = @Topic AND seq = @Seq";

    public static readonly OutboxQueries Outbox = new(SelectDueOutbox, CompleteOutbox, RescheduleOutbox);

    /// <summary>The subscription statements, the writes under the dialect's <paramref name="fence"/>.</summary>
    public static SubscriptionQueries Subscriptions(string fence) => new(
        SelectSubscription,
        SelectSubscriptionsForTopic,
        SelectSubscriptionsForUser,
        UpsertSubscriptionFenced(fence),
        UpdateMarkers + " AND " + fence,
        SoftDeleteSubscription + " AND " + fence);

    /// <summary>The topic statements with the dialect's own column list and update, the writes under its <paramref name="fence"/>.</summary>
    public static TopicQueries Topics(string insert, string select, string update, string listByPrefix, string listOwnerlessByPrefix, string fence) => new(
        insert,
        select,
        update + " AND " + fence,
        DeleteTopicRow + " AND " + fence,
        DeleteTopicData,
        listByPrefix,
        listOwnerlessByPrefix,
        UpsertSubscription);

    /// <summary>The user statements with the dialect's own column list, id list and tags casts.</summary>
    public static UserQueries Users(string selectUser, string selectUsers, string insertUser, string updateUser, Func<IReadOnlyCollection<long>, object> idList) => new(
        selectUser,
        selectUsers,
        insertUser,
        InsertAuth,
        InsertCredential,
        updateUser,
        UpdateLastSeen,
        UpdateRateLimits,
        DeleteUser,
        SelectAuthByUnique,
        SelectAuthByUser,
        UpdateAuthSecret,
        SelectCredentials,
        idList);

    /// <summary>The message statements with the dialect's own lock, insert and marker statements, the writes under its <paramref name="fence"/>.</summary>
    public static MessageQueries Messages(string lockTopic, string insertMessages, bool insertsArrays, string raiseSenderMarkers, string fence) => new(
        lockTopic,
        AdvanceSeq,
        AdvanceSeqFenced,
        insertMessages,
        insertsArrays,
        raiseSenderMarkers,
        SelectMessageKey,
        UpsertMessageKey,
        InsertOutbox,
        ReplaceHead + " AND " + fence,
        SelectMessages,
        AdvanceDelId + " AND " + fence + " RETURNING del_id",
        InsertDeletionRange,
        HardDeleteRange,
        DeleteOutboxRange,
        SelectDeletions);
}
