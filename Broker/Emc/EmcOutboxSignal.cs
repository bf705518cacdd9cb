using System.Threading.Channels;

namespace Broker.Emc;

/// <summary>Wakes the outbox dispatcher when an outbound message was stored, so it need not wait for its next poll.</summary>
internal sealed class EmcOutboxSignal
{
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => wake.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await wake.Reader.WaitToReadAsync(timer.Token);
            wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
