namespace Broker.Cluster;

/// <summary>A session as another node sees it: where it lives and the snapshot of it a topic needs.</summary>
[GenerateSerializer]
[Immutable]
[Alias("broker.session-ref")]
internal sealed class SessionRef
{
    [Id(0)]
    public required SiloAddress Node { get; init; }

    [Id(1)]
    public required string SessionId { get; init; }

    [Id(2)]
    public long User { get; init; }

    [Id(3)]
    public int AuthLevel { get; init; }

    [Id(4)]
    public string? UserAgent { get; init; }

    [Id(5)]
    public bool CanAttachAnother { get; init; }
}
