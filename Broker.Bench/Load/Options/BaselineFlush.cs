namespace Broker.Bench.Load.Options;

/// <summary>How the baseline broadcaster writes: all queued messages then one flush, or a flush per message.</summary>
internal enum BaselineFlush
{
    Batch,
    Message,
}
