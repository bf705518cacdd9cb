using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

/// <summary>The check of a fenced write (<see cref="TopicFence"/>), first thing in its transaction.</summary>
internal static class LiteDbFence
{
    /// <summary>Throws <see cref="StaleTopicEpochException"/> unless there is no fence or its topic is still at its epoch.</summary>
    public static void Check(LiteDatabase db, TopicFence? fence)
    {
        if (fence is { } f && (db.GetCollection(Topics).FindById(f.Topic) is not { } doc || LiteDbDocuments.EpochOf(doc) != f.Epoch))
        {
            throw StaleTopicEpochException.Of(f.Topic);
        }
    }
}
