namespace Broker.Bench.Load.Baseline;

/// <summary>The parts of a client frame the baseline looks at; <see cref="Content"/> is the raw JSON of <c>pub.content</c>.</summary>
internal sealed record BaselineRequest(
    BaselineRequestKind Kind,
    string? Id,
    string? Topic,
    string? Secret,
    bool NoEcho,
    byte[]? Content);
