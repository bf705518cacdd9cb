namespace Broker.Admin;

/// <summary>
/// One node: its silo address, membership status (Active, Joining, ShuttingDown, Dead, …) and, when it answered,
/// its live sessions and loaded topics (null for a node that did not).
/// </summary>
internal sealed record ClusterNodeView(string Address, string Status, int? Sessions, int? LoadedTopics);
