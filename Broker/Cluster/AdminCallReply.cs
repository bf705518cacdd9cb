namespace Broker.Cluster;

/// <summary>The topic's answer to an <see cref="AdminCall"/>: an HTTP status, an error or a value (its type and JSON).</summary>
[GenerateSerializer]
[Immutable]
[Alias("broker.admin-call-reply")]
internal sealed class AdminCallReply
{
    [Id(0)]
    public int Status { get; init; }

    [Id(1)]
    public string? Error { get; init; }

    [Id(2)]
    public string? ValueType { get; init; }

    [Id(3)]
    public byte[]? Value { get; init; }
}
