namespace Broker.Admin;

/// <summary>A page of emc groups; <c>next</c> is the <c>after</c> of the next page, null on the last one.</summary>
internal sealed record EmcGroupListView(IReadOnlyList<EmcGroupView> Groups, string? Next);
