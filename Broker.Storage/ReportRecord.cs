namespace Broker.Storage;

/// <summary>
/// An abuse report: what a user published to <c>sys</c> (Tinode's "Report" in its apps sends
/// <c>{action:"report", target:"usr…|grp…"}</c> as a Drafty JSON attachment). <see cref="Id"/> is assigned by the store,
/// ascending; <see cref="Head"/> and <see cref="Content"/> are the message's JSON as sent.
/// </summary>
public sealed record ReportRecord(long Id, long Reporter, DateTime Created, string? Action, string? Target, string? Head, string Content);
