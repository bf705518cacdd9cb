namespace Broker.Admin;

/// <summary>The body of every admin API error: <c>{"error":"…"}</c>.</summary>
internal sealed record AdminError(string Error);
