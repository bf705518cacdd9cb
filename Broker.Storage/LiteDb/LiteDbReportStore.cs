using Broker.Storage.Relational;
using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

/// <summary>Abuse reports in the <c>reports</c> collection; <c>_id</c> is LiteDB's ascending 64-bit auto id.</summary>
internal sealed class LiteDbReportStore(LiteDbDatabase database) : IReportStore
{
    public Task<long> AddAsync(ReportRecord report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return database.WriteAsync(
            db =>
            {
                var document = new BsonDocument
                {
                    ["reporter"] = report.Reporter,
                    ["created"] = UnixTime.ToMs(report.Created),
                    ["action"] = report.Action is null ? BsonValue.Null : report.Action,
                    ["target"] = report.Target is null ? BsonValue.Null : report.Target,
                    ["head"] = report.Head is null ? BsonValue.Null : report.Head,
                    ["content"] = report.Content,
                };
                return db.GetCollection(Reports, BsonAutoId.Int64).Insert(document).AsInt64;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ReportRecord>> ListAsync(long before, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<ReportRecord>>([]);
        }

        return Task.FromResult<IReadOnlyList<ReportRecord>>(database.Read(db =>
            db.GetCollection(Reports, BsonAutoId.Int64)
                .Find(Query.LT("_id", before > 0 ? before : long.MaxValue))
                .OrderByDescending(d => d["_id"].AsInt64)
                .Take(limit)
                .Select(d => new ReportRecord(
                    d["_id"].AsInt64,
                    d["reporter"].AsInt64,
                    UnixTime.FromMs(d["created"].AsInt64),
                    d["action"].IsNull ? null : d["action"].AsString,
                    d["target"].IsNull ? null : d["target"].AsString,
                    d["head"].IsNull ? null : d["head"].AsString,
                    d["content"].AsString))
                .ToList()));
    }
}
