using Broker.Cluster;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Admin;

/// <summary><c>GET /v0/admin/cluster</c>: the nodes with address, status, sessions and loaded topics (one node when not clustered).</summary>
internal static class AdminClusterEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/cluster", async (HttpContext context, SessionRegistry sessions, Hub hub) =>
        {
            var view = context.RequestServices.GetService<ClusterReports>() is { } reports
                ? await reports.GetAsync(context.RequestAborted)
                : new ClusterView(false, "local", [new ClusterNodeView("local", "Active", sessions.Count, hub.LoadedCount)]);
            return Results.Json(view, AdminJsonContext.Default.ClusterView);
        });
    }
}
