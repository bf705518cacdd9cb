namespace Broker.Transport;

/// <summary>A slot taken with <see cref="ConnectionLimiter.TryAcquire"/>; disposing it gives the slot back.</summary>
internal readonly struct ConnectionSlot(ConnectionLimiter limiter, string address) : IDisposable
{
    public void Dispose() => limiter.Release(address);
}
