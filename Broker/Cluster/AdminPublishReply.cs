namespace Broker.Cluster;

/// <summary>The topic's answer to an <see cref="AdminPublishCall"/>: an HTTP status and either an error or the message's seq and time.</summary>
[GenerateSerializer]
[Immutable]
[Alias("broker.admin-publish-reply")]
internal sealed class AdminPublishReply
{
    [Id(0)]
    public int Status { get; init; }

    [Id(1)]
    public string? Error { get; init; }

    [Id(2)]
    public long Seq { get; init; }

    [Id(3)]
    public DateTime Ts { get; init; }
}
