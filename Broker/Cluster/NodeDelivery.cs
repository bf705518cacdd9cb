namespace Broker.Cluster;

/// <summary>One instruction to the sessions of one node: a frame serialized once, with every session of that node it goes to.</summary>
[GenerateSerializer]
[Immutable]
[Alias("broker.node-delivery")]
internal sealed class NodeDelivery
{
    [Id(0)]
    public NodeDeliveryKind Kind { get; init; }

    [Id(1)]
    public string[] Sessions { get; init; } = [];

    [Id(2)]
    public byte[]? Frame { get; init; }

    [Id(3)]
    public string? Topic { get; init; }

    [Id(4)]
    public string? Text { get; init; }

    [Id(5)]
    public int Code { get; init; }

    [Id(6)]
    public long User { get; init; }

    [Id(7)]
    public SessionRef[]? Presence { get; init; }
}
