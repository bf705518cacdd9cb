namespace Broker.Admin;

/// <summary><c>POST /v0/admin/emc/{topic}/messages/{seq}/status</c>: <c>delivered</c> or <c>failed</c>, with an optional reason.</summary>
internal sealed class EmcStatusRequest
{
    public string? Status { get; set; }
    public string? Reason { get; set; }
}
