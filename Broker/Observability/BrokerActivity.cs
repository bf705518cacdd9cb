using System.Diagnostics;

namespace Broker.Observability;

/// <summary>
/// The broker's traces: one <see cref="ActivitySource"/> named <see cref="SourceName"/> with spans for each publish
/// batch, each subscribe (and the other topic requests) and each store call. With no listener (no tracing exporter
/// configured) starting a span returns null and costs nothing.
/// </summary>
internal static class BrokerActivity
{
    public const string SourceName = "Broker";

    public static readonly ActivitySource Source = new(SourceName, typeof(BrokerActivity).Assembly.GetName().Version?.ToString(3));
}
