namespace Broker.Admin;

/// <summary>A page of groups; <c>next</c> is the <c>after</c> of the next page, null on the last one.</summary>
internal sealed record TopicListView(IReadOnlyList<TopicSummaryView> Topics, string? Next);
