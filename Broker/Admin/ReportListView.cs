namespace Broker.Admin;

/// <summary>A page of reports, newest first; <c>next</c> is the <c>before</c> of the next page, null on the last one.</summary>
internal sealed record ReportListView(IReadOnlyList<ReportView> Reports, long? Next);
