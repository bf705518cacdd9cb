namespace Broker.Protocol.Client;

/// <summary>Top-level <c>extra</c>; only root sessions may use <c>obo</c>/<c>authlevel</c>.</summary>
public sealed class MsgExtra
{
    public string[]? Attachments { get; set; }
    public string? Obo { get; set; }
    public string? AuthLevel { get; set; }
}
