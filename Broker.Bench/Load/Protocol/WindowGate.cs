using System.Threading.Tasks.Sources;

namespace Broker.Bench.Load.Protocol;

/// <summary>
/// Bounds the publishes in flight (sent, not yet acked or refused) of one publisher. One waiter at a time (the
/// publisher's loop), released by the receive loop; reusable and allocation-free. <see cref="Close"/> wakes the
/// waiter with false so a run always ends even when acks stop coming.
/// </summary>
internal sealed class WindowGate(int limit) : IValueTaskSource<bool>
{
    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _inFlight;
    private bool _waiting;
    private bool _closed;

    public int Limit { get; } = limit;

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    public ValueTask<bool> WaitAsync()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return new ValueTask<bool>(false);
            }

            if (_inFlight < Limit)
            {
                _inFlight++;
                return new ValueTask<bool>(true);
            }

            if (_waiting)
            {
                throw new InvalidOperationException("WindowGate supports one waiter at a time.");
            }

            _core.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _core.Version);
        }
    }

    /// <summary>One publish finished (acked or refused); a waiting publisher takes the freed slot.</summary>
    public void Release()
    {
        var wake = false;
        lock (_lock)
        {
            if (_waiting)
            {
                _waiting = false;
                wake = true;
            }
            else if (_inFlight > 0)
            {
                _inFlight--;
            }
        }

        if (wake)
        {
            _core.SetResult(true);
        }
    }

    /// <summary>No more publishes: a waiter gets false, later waits return false at once.</summary>
    public void Close()
    {
        bool wake;
        lock (_lock)
        {
            _closed = true;
            wake = _waiting;
            _waiting = false;
        }

        if (wake)
        {
            _core.SetResult(false);
        }
    }

    /// <summary>Forgets every publish in flight (the connection is gone and no ack will come).</summary>
    public void Abandon()
    {
        Close();
        lock (_lock)
        {
            _inFlight = 0;
        }
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
