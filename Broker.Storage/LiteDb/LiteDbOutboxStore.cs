using Broker.Storage.Relational;
using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

internal sealed class LiteDbOutboxStore(LiteDbDatabase database) : IOutboxStore
{
    public Task<IReadOnlyList<OutboxEntry>> GetDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<OutboxEntry>>([]);
        }

        return Task.FromResult<IReadOnlyList<OutboxEntry>>(database.Read(db =>
        {
            // The dueAt index gives the earliest first; entries due at the same moment are taken whole and ordered
            // by topic and seq here, as the relational stores order them.
            var due = new List<BsonDocument>();
            foreach (var entry in db.GetCollection(Outbox).Find(Query.LTE("dueAt", UnixTime.ToMs(now))))
            {
                if (due.Count >= limit && entry["dueAt"].AsInt64 != due[^1]["dueAt"].AsInt64)
                {
                    break;
                }

                due.Add(entry);
            }

            var messages = db.GetCollection(Messages);
            return due
                .OrderBy(e => e["dueAt"].AsInt64).ThenBy(e => e["topic"].AsString, StringComparer.Ordinal).ThenBy(e => e["seq"].AsInt64)
                .Take(limit)
                .Select(e => messages.FindById(e["_id"]) is { } message && !message["content"].IsNull ? LiteDbDocuments.ToOutboxEntry(e, message) : null)
                .OfType<OutboxEntry>()
                .ToList();
        }));
    }

    public Task CompleteAsync(string topic, long seq, CancellationToken cancellationToken)
    {
        return database.WriteAsync(db => db.GetCollection(Outbox).Delete(MessageKey(topic, seq)), cancellationToken);
    }

    public Task RescheduleAsync(string topic, long seq, int attempts, DateTime dueAt, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var outbox = db.GetCollection(Outbox);
                if (outbox.FindById(MessageKey(topic, seq)) is { } entry)
                {
                    entry["attempts"] = attempts;
                    entry["dueAt"] = UnixTime.ToMs(dueAt);
                    outbox.Update(entry);
                }
            },
            cancellationToken);
    }
}
