using Broker.Protocol.Json;

namespace Broker.Admin;

/// <summary>One abuse report as the server API shows it: who sent it, when, what it names, and the message as sent.</summary>
internal sealed record ReportView
{
    public required long Id { get; init; }

    public required string From { get; init; }

    public required DateTime Created { get; init; }

    public string? Action { get; init; }

    public string? Target { get; init; }

    public RawJson? Head { get; init; }

    public required RawJson Content { get; init; }
}
