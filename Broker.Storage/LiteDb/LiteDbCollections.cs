using System.Globalization;

namespace Broker.Storage.LiteDb;

/// <summary>
/// Collection names, the indexes on them and the composite keys (LiteDB has one primary key per document, so a
/// compound key is one string; the database orders strings ordinally). Message and delete-log keys end in the
/// seq or del id as 16 hex digits, so one topic's entries are one contiguous, seq-ordered range of the primary key.
/// Topic names never contain <see cref="Separator"/>.
/// </summary>
internal static class LiteDbCollections
{
    public const string Users = "users";
    public const string Auth = "auth";
    public const string Credentials = "credentials";
    public const string Topics = "topics";
    public const string Subscriptions = "subscriptions";
    public const string Messages = "messages";
    public const string Deletions = "deletions";

    /// <summary>Idempotency keys: <c>_id</c> topic, sender and key; the seq and time of the message that used it.</summary>
    public const string MessageKeys = "message_keys";

    /// <summary>Outbound messages not yet handed to the gateway; <c>_id</c> is the message's own key.</summary>
    public const string Outbox = "outbox";

    /// <summary>The tag index: one document per tag a user or topic holds (see <see cref="LiteDbTagRows"/>).</summary>
    public const string UserTags = "user_tags";

    public const string TopicTags = "topic_tags";

    /// <summary>Abuse reports sent to <c>sys</c>; <c>_id</c> is an ascending 64-bit auto id.</summary>
    public const string Reports = "reports";

    /// <summary>One document, <c>_id</c> 1, with the schema version: LiteDB needs no migrations, only indexes.</summary>
    public const string SchemaVersion = "schema_version";

    /// <summary>1: the first layout; 2: the tag index; 3: <c>basic:&lt;login&gt;</c> tags (as SQL migration 0018).</summary>
    public const int CurrentSchemaVersion = 3;

    private const char Separator = ':';

    /// <summary>Sorts after every hex digit, so <c>prefix + End</c> closes a key range.</summary>
    private const char End = '\uffff';

    /// <summary>Secondary (non-unique) indexes: collection and field.</summary>
    public static readonly IReadOnlyList<(string Collection, string Field)> Indexes =
    [
        (Auth, "user"),
        (Credentials, "user"),
        (Subscriptions, "topic"),
        (Subscriptions, "user"),
        (Outbox, "dueAt"),
    ];

    public static string LogFileOf(string dataFile)
    {
        var folder = Path.GetDirectoryName(dataFile) ?? string.Empty;
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(dataFile) + "-log" + Path.GetExtension(dataFile));
    }

    public static string AuthKey(string scheme, string unique) => scheme + Separator + unique;

    public static string SubscriptionKey(string topic, long userId) => topic + Separator + userId.ToString(CultureInfo.InvariantCulture);

    public static string MessageKey(string topic, long seq) => topic + Separator + seq.ToString("x16", CultureInfo.InvariantCulture);

    public static string DeletionKey(string topic, long delId) => MessageKey(topic, delId);

    public static string IdempotencyKey(string topic, long from, string key)
        => topic + Separator + from.ToString(CultureInfo.InvariantCulture) + Separator + key;

    /// <summary>The first and last possible key of a topic's messages, delete log, idempotency keys or outbox.</summary>
    public static (string Low, string High) TopicRange(string topic) => (topic + Separator, topic + Separator + End);
}
