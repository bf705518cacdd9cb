using Broker.Protocol.Json;

namespace Broker.Admin;

/// <summary>One group in a list.</summary>
internal sealed class TopicSummaryView
{
    public required string Name { get; init; }
    public DateTime Created { get; init; }
    public DateTime Updated { get; init; }
    public DateTime Touched { get; init; }
    public string? Owner { get; init; }
    public RawJson? Public { get; init; }
    public long Seq { get; init; }
}
