using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

/// <summary>
/// The tag index in LiteDB: one document per tag an owner holds, <c>_id</c> = tag, tab, owner, so the owners of a
/// tag are one range of the (binary-ordered) primary key; a tab cannot occur in a tag and sorts below every character
/// a tag may hold. Written in the transaction that writes the user or topic.
/// </summary>
internal static class LiteDbTagRows
{
    private const char Separator = '\t';

    public static void ReplaceUser(LiteDatabase db, long id, IEnumerable<string> before, IEnumerable<string> after) =>
        Replace(db.GetCollection(UserTags), new BsonValue(id), id.ToString(System.Globalization.CultureInfo.InvariantCulture), before, after);

    public static void ReplaceTopic(LiteDatabase db, string name, IEnumerable<string> before, IEnumerable<string> after) =>
        Replace(db.GetCollection(TopicTags), new BsonValue(name), name, before, after);

    /// <summary>The owners holding <paramref name="tag"/>: user ids (as Int64) or topic names.</summary>
    public static IEnumerable<BsonValue> Owners(ILiteCollection<BsonDocument> rows, string tag) =>
        rows.Find(Query.Between("_id", tag + Separator, tag + Separator + '\uffff')).Select(doc => doc["owner"]);

    /// <summary>Rebuilds the index from the users' and topics' own tags (layout version 2 introduced it).</summary>
    public static void Rebuild(LiteDatabase db)
    {
        db.GetCollection(UserTags).DeleteAll();
        db.GetCollection(TopicTags).DeleteAll();
        foreach (var user in db.GetCollection(Users).FindAll().Select(LiteDbDocuments.ToUser).ToList())
        {
            ReplaceUser(db, user.Id, [], user.Tags);
        }

        foreach (var topic in db.GetCollection(Topics).FindAll().Select(LiteDbDocuments.ToTopic).ToList())
        {
            ReplaceTopic(db, topic.Name, [], topic.Tags);
        }
    }

    /// <summary>Gives every account with a <c>basic</c> login its <c>basic:&lt;login&gt;</c> tag (layout version 3).</summary>
    public static void AddLoginTags(LiteDatabase db)
    {
        var users = db.GetCollection(Users);
        foreach (var auth in db.GetCollection(Auth).Find(Query.EQ("scheme", "basic")).Select(LiteDbDocuments.ToAuth).ToList())
        {
            if (users.FindById(auth.UserId) is not { } doc)
            {
                continue;
            }

            var user = LiteDbDocuments.ToUser(doc);
            var tag = "basic:" + auth.Unique.ToLowerInvariant();
            if (!user.Tags.Contains(tag, StringComparer.Ordinal))
            {
                var tags = user.Tags.Append(tag).ToList();
                ReplaceUser(db, user.Id, [], [tag]);
                LiteDbDocuments.SetMutable(doc, user with { Tags = tags });
                users.Update(doc);
            }
        }
    }

    private static void Replace(ILiteCollection<BsonDocument> rows, BsonValue owner, string ownerKey, IEnumerable<string> before, IEnumerable<string> after)
    {
        foreach (var tag in before)
        {
            rows.Delete(tag + Separator + ownerKey);
        }

        foreach (var tag in after)
        {
            rows.Upsert(new BsonDocument { ["_id"] = tag + Separator + ownerKey, ["owner"] = owner });
        }
    }
}
