namespace Broker.Admin;

/// <summary>A topic's default access, as in <c>{meta desc.defacs}</c>.</summary>
internal sealed class DefaultAccessView
{
    public string? Auth { get; set; }
    public string? Anon { get; set; }
}
