namespace Broker.Cluster;

/// <summary>
/// One command of a session for a topic hosted by a grain. The client's frame travels as the bytes it arrived as and
/// is parsed again on the topic's node, so no protocol type needs an Orleans serializer.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("broker.topic-call")]
internal sealed class TopicCall
{
    [Id(0)]
    public TopicCallKind Kind { get; init; }

    [Id(1)]
    public required SessionRef Session { get; init; }

    [Id(2)]
    public required string Routable { get; init; }

    [Id(3)]
    public int Category { get; init; }

    [Id(4)]
    public required string ClientName { get; init; }

    [Id(5)]
    public bool IsNew { get; init; }

    [Id(6)]
    public byte[]? Frame { get; init; }
}
