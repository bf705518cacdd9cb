namespace Broker.Cluster;

/// <summary>
/// The admin API's <c>POST /v0/admin/topics/{name}/messages</c>, carried from the node that received the HTTP request
/// to the topic's grain (<see cref="Topics.AdminPublishCommand"/> there).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("broker.admin-publish-call")]
internal sealed class AdminPublishCall
{
    [Id(0)]
    public int Category { get; init; }

    [Id(1)]
    public required string ClientName { get; init; }

    [Id(2)]
    public long From { get; init; }

    [Id(3)]
    public bool FromIsSystem { get; init; }

    [Id(4)]
    public string? Head { get; init; }

    [Id(5)]
    public required string Content { get; init; }
}
