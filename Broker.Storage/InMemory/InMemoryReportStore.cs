namespace Broker.Storage.InMemory;

internal sealed class InMemoryReportStore(InMemoryState state) : IReportStore
{
    public Task<long> AddAsync(ReportRecord report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (state.Gate)
        {
            var id = state.Reports.Count + 1L;
            state.Reports.Add(report with { Id = id });
            return Task.FromResult(id);
        }
    }

    public Task<IReadOnlyList<ReportRecord>> ListAsync(long before, int limit, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            var below = before > 0 ? before : long.MaxValue;
            IReadOnlyList<ReportRecord> page = [.. state.Reports.Where(r => r.Id < below).OrderByDescending(r => r.Id).Take(Math.Max(limit, 0))];
            return Task.FromResult(page);
        }
    }
}
