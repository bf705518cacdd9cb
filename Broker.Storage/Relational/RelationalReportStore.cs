using Dapper;

namespace Broker.Storage.Relational;

/// <summary>Abuse reports on SQLite and PostgreSQL alike (the SQL is the same).</summary>
internal sealed class RelationalReportStore(IRelationalDatabase database) : IReportStore
{
    public Task<long> AddAsync(ReportRecord report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteScalarAsync<long>(new CommandDefinition(
                ReportQueries.Insert,
                new { report.Reporter, Created = UnixTime.ToMs(report.Created), report.Action, report.Target, report.Head, report.Content },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task<IReadOnlyList<ReportRecord>> ListAsync(long before, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<ReportRecord>>([]);
        }

        return database.ReadAsync(
            async connection =>
            {
                var rows = await connection.QueryAsync<ReportRow>(new CommandDefinition(
                    ReportQueries.ListBefore,
                    new { Before = before > 0 ? before : long.MaxValue, Limit = limit },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return (IReadOnlyList<ReportRecord>)[.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);
    }
}
