namespace Broker.Admin;

/// <summary><c>GET /v0/admin/cluster</c>: whether this node runs in a cluster, and every node it knows of.</summary>
internal sealed record ClusterView(bool Enabled, string Self, IReadOnlyList<ClusterNodeView> Nodes);
