namespace Broker.Sessions;

/// <summary>
/// Holds back the wake-ups of the sessions a topic sends to while it acknowledges and fans out one publish batch, and
/// wakes each of them once at the end: a session that gets five messages of a batch then writes them in one send
/// instead of five (fewer system calls for the broker, fewer reads for the client), and its write loop is woken once.
/// Order is unchanged (each outbox is still one queue). Scoped to the calling thread: the code between
/// <see cref="Begin"/> and <see cref="Dispose"/> must not await.
/// </summary>
internal sealed class DeliveryBatch : IDisposable
{
    [ThreadStatic]
    private static DeliveryBatch? current;

    private readonly List<SessionOutbox> toWake = [];
    private bool open;

    private DeliveryBatch()
    {
    }

    /// <summary>The batch open on this thread, if any.</summary>
    public static DeliveryBatch? Current => current;

    /// <summary>Opens a batch on this thread (nested calls share the outer one).</summary>
    public static DeliveryBatch? Begin()
    {
        if (current is not null)
        {
            return null;
        }

        var batch = new DeliveryBatch { open = true };
        current = batch;
        return batch;
    }

    /// <summary>Remembers an outbox whose reader must be woken when the batch ends.</summary>
    public void WakeLater(SessionOutbox outbox) => toWake.Add(outbox);

    public void Dispose()
    {
        if (!open)
        {
            return;
        }

        open = false;
        current = null;
        foreach (var outbox in toWake)
        {
            outbox.WakeReader();
        }

        toWake.Clear();
    }
}
