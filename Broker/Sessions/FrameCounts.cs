using Broker.Observability;

namespace Broker.Sessions;

/// <summary>
/// Counts written server frames by type in a session's write loop and reports them once per drained batch, so the
/// metric costs one add per batch rather than one per frame. The type is read from the frame's first key.
/// </summary>
internal struct FrameCounts
{
    private long ctrl;
    private long data;
    private long meta;
    private long pres;
    private long info;
    private long other;
    private long writes;

    /// <summary>Counts one write to the connection (carrying one or more frames).</summary>
    public void Wrote() => writes++;

    public void Count(byte[] frame)
    {
        // Server frames are {"ctrl":…}, {"data":…}, {"meta":…}, {"pres":…} or {"info":…}; anything else is raw.
        switch (frame.Length > 2 && frame[0] == (byte)'{' ? frame[2] : (byte)0)
        {
            case (byte)'c':
                ctrl++;
                break;
            case (byte)'d':
                data++;
                break;
            case (byte)'m':
                meta++;
                break;
            case (byte)'p':
                pres++;
                break;
            case (byte)'i':
                info++;
                break;
            default:
                other++;
                break;
        }
    }

    public void Flush(BrokerMetrics metrics)
    {
        Report(metrics, "ctrl", ref ctrl);
        Report(metrics, "data", ref data);
        Report(metrics, "meta", ref meta);
        Report(metrics, "pres", ref pres);
        Report(metrics, "info", ref info);
        Report(metrics, "raw", ref other);
        if (writes > 0)
        {
            metrics.ConnectionWrites(writes);
            writes = 0;
        }
    }

    private static void Report(BrokerMetrics metrics, string type, ref long count)
    {
        if (count > 0)
        {
            metrics.FramesOut(type, count);
            count = 0;
        }
    }
}
