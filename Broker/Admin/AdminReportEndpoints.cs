using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Storage;

namespace Broker.Admin;

/// <summary>Abuse reports users sent to <c>sys</c> (Tinode's "Report"), newest first.</summary>
internal static class AdminReportEndpoints
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public static void Map(RouteGroupBuilder group) => group.MapGet("/reports", ListAsync);

    private static async Task<IResult> ListAsync(long? before, int? limit, StorageBackend store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPage)
        {
            return AdminHttp.Error(400, $"limit must be 1 to {MaxPage}");
        }

        if (before is < 1)
        {
            return AdminHttp.Error(400, "before must be a report id");
        }

        var size = limit ?? DefaultPage;
        var page = await store.Reports.ListAsync(before ?? 0, size + 1, cancellationToken);
        var reports = page.Take(size).Select(r => new ReportView
        {
            Id = r.Id,
            From = new UserId(r.Reporter).ToString(),
            Created = r.Created,
            Action = r.Action,
            Target = r.Target,
            Head = RawJson.From(r.Head),
            Content = new RawJson(r.Content),
        }).ToList();
        long? next = page.Count > size ? reports[^1].Id : null;
        return AdminHttp.Json(200, new ReportListView(reports, next), AdminJsonContext.Default.ReportListView);
    }
}
