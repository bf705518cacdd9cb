namespace Broker.Bench.Load.Protocol;

/// <summary>
/// The start of the measured window on the <see cref="System.Diagnostics.Stopwatch"/> clock. Latencies are
/// recorded only for messages sent at or after it, so warm-up traffic is accounted for loss but not timed.
/// </summary>
internal sealed class MeasureWindow
{
    private long _from = long.MaxValue;

    public long From => Volatile.Read(ref _from);

    public void StartAt(long timestamp) => Volatile.Write(ref _from, timestamp);
}
