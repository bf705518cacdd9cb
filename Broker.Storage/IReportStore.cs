namespace Broker.Storage;

/// <summary>Abuse reports sent to the <c>sys</c> topic, kept for the operators (server API).</summary>
public interface IReportStore
{
    /// <summary>Stores <paramref name="report"/> (its <see cref="ReportRecord.Id"/> is ignored) and returns the id it got, above every earlier one.</summary>
    Task<long> AddAsync(ReportRecord report, CancellationToken cancellationToken);

    /// <summary>Newest first: up to <paramref name="limit"/> reports with an id below <paramref name="before"/> (0: from the newest).</summary>
    Task<IReadOnlyList<ReportRecord>> ListAsync(long before, int limit, CancellationToken cancellationToken);
}
