using Microsoft.Extensions.Logging;

namespace Broker.Tests.Infrastructure;

/// <summary>One captured log entry: the formatted message, its structured values and the exception, if any.</summary>
public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, IReadOnlyList<string> Values, string? Exception)
{
    /// <summary>Everything that would reach a log sink, as one string.</summary>
    public string AllText => string.Join('\n', [Category, Message, .. Values, Exception ?? string.Empty]);
}
