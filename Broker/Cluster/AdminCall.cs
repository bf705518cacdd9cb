namespace Broker.Cluster;

/// <summary>
/// An admin API command (<see cref="Topics.AdminCommand"/>) for the topic's grain: the command's type and its fields
/// as JSON (<see cref="AdminCalls"/>), so the admin commands need no Orleans serializer of their own.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("broker.admin-call")]
internal sealed class AdminCall
{
    [Id(0)]
    public required string Command { get; init; }

    [Id(1)]
    public required byte[] Json { get; init; }
}
