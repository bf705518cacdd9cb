using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Broker.Bench.Load.Metrics;

namespace Broker.Bench.Load.Protocol;

/// <summary>
/// One Tinode session over a real <see cref="ClientWebSocket"/>. Setup requests (ids <c>s1</c>, <c>s2</c>…) await
/// their <c>{ctrl}</c>; the hot path is the receive loop, which reads each frame with
/// <see cref="ServerFrameReader"/> into a reused buffer and updates this session's ledger, histograms and
/// counters without allocating. Publish acks (numeric ids) go to the session's <see cref="Publisher"/>.
/// </summary>
internal sealed class ProtocolClient : IAsyncDisposable
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MaxFrameSize = 8 * 1024 * 1024;

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CtrlReply>> _requests = new(StringComparer.Ordinal);
    private readonly MeasureWindow _window;
    private byte[] _buffer = new byte[InitialBufferSize];
    private Task _receiveLoop = Task.CompletedTask;
    private Dictionary<int, long>? _errors;
    private int _requestCounter;
    private volatile bool _closed;
    private volatile bool _closing;
    private long _dataFrames;
    private long _delivered;
    private long _lastSeq;
    private long _errorCount;
    private long _sendFailures;

    public ProtocolClient(string name, MeasureWindow window)
    {
        Name = name;
        _window = window;
        Ledger = new DeliveryLedger(name);
    }

    public string Name { get; }
    public string? UserId { get; set; }
    public DeliveryLedger Ledger { get; }
    public Publisher? Publisher { get; set; }

    /// <summary>When set, <c>{data}</c> frames are history replies and go here instead of the live path.</summary>
    public HistoryPage? Page { get; set; }

    private LatencyRecorder? _deliveryLatency;

    /// <summary>Publish→delivery latency (µs) of messages sent in the measured window; created by the first delivery.</summary>
    public LatencyRecorder? DeliveryLatency => Volatile.Read(ref _deliveryLatency);

    public long DataFrames => Volatile.Read(ref _dataFrames);
    public long Delivered => Volatile.Read(ref _delivered);
    public long LastSeq => Volatile.Read(ref _lastSeq);
    public long ErrorCount => Volatile.Read(ref _errorCount) + Volatile.Read(ref _sendFailures);

    /// <summary>Fire-and-forget frames (notes) that could not be sent.</summary>
    public long SendFailures => Volatile.Read(ref _sendFailures);
    public long InfoFrames { get; private set; }
    public long PresFrames { get; private set; }
    public long MetaFrames { get; private set; }
    public long ForeignData { get; private set; }
    public long MalformedFrames { get; private set; }
    public bool IsOpen => !_closed;

    /// <summary>The connection ended without the generator closing it.</summary>
    public bool Dropped => _closed && !_closing;

    public async Task ConnectAsync(Uri endpoint, string? apiKey, CancellationToken ct)
    {
        if (apiKey is not null)
        {
            _socket.Options.SetRequestHeader("X-Tinode-APIKey", apiKey);
        }

        await _socket.ConnectAsync(endpoint, ct);
        _receiveLoop = ReceiveLoopAsync();
    }

    /// <summary>Sends a request built with a fresh id and waits for the <c>{ctrl}</c> carrying that id.</summary>
    public async Task<CtrlReply> RequestAsync(Func<string, byte[]> build, TimeSpan timeout, CancellationToken ct)
    {
        var id = "s" + Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<CtrlReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[id] = reply;
        try
        {
            if (_closed)
            {
                throw new SetupException($"{Name}: connection closed");
            }

            await SendAsync(build(id), ct);
            return await reply.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new SetupException($"{Name}: no reply to request {id} within {timeout.TotalSeconds:0.#} s");
        }
        catch (WebSocketException e)
        {
            throw new SetupException($"{Name}: {e.Message}", e);
        }
        finally
        {
            _requests.TryRemove(id, out _);
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Fire-and-forget frames (notes); failures only count as errors.</summary>
    public async ValueTask TrySendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        try
        {
            await SendAsync(frame, ct);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            Interlocked.Increment(ref _sendFailures);
        }
    }

    /// <summary>Error ctrl codes seen by this session; read it only after the receive loop ended.</summary>
    public IReadOnlyDictionary<int, long> Errors => _errors ?? (IReadOnlyDictionary<int, long>)new Dictionary<int, long>();

    /// <summary>Closes the connection normally (bounded by <paramref name="timeout"/>, then aborts).</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        _closing = true;
        if (!_closed && _socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", cts.Token);
                await _receiveLoop.WaitAsync(cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                _socket.Abort();
            }
        }
        else
        {
            _socket.Abort();
        }

        try
        {
            await _receiveLoop.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _socket.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(TimeSpan.FromSeconds(2));
        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == _buffer.Length)
                    {
                        if (_buffer.Length >= MaxFrameSize)
                        {
                            throw new WebSocketException($"frame larger than {MaxFrameSize} bytes");
                        }

                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }

                    result = await _socket.ReceiveAsync(_buffer.AsMemory(count), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    count += result.Count;
                }
                while (!result.EndOfMessage);

                Dispatch(_buffer.AsSpan(0, count));
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _closed = true;
            if (!_closing)
            {
                Ledger.Disconnected = true;
            }

            Publisher?.OnDisconnected();
            foreach (var pending in _requests.Values)
            {
                pending.TrySetException(new SetupException($"{Name}: connection closed"));
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> frame)
    {
        if (!ServerFrameReader.TryRead(frame, out var f))
        {
            MalformedFrames++;
            return;
        }

        switch (f.Kind)
        {
            case ServerFrameKind.Ctrl:
                OnCtrl(frame, in f);
                break;
            case ServerFrameKind.Data:
                OnData(in f);
                break;
            case ServerFrameKind.Info:
                InfoFrames++;
                break;
            case ServerFrameKind.Pres:
                PresFrames++;
                break;
            case ServerFrameKind.Meta:
                MetaFrames++;
                break;
            default:
                MalformedFrames++;
                break;
        }
    }

    private void OnCtrl(ReadOnlySpan<byte> frame, in ServerFrame f)
    {
        if (f.NumericId >= 0 && Publisher is { } publisher)
        {
            if (f.Code == 202)
            {
                publisher.OnAck(f.NumericId, Stopwatch.GetTimestamp());
            }
            else
            {
                publisher.OnRefused(f.NumericId);
                CountError(f.Code);
            }

            return;
        }

        if (f.HasTextId)
        {
            var reply = CtrlReply.Parse(frame);
            if (reply.Id is { } id && _requests.TryGetValue(id, out var pending))
            {
                pending.TrySetResult(reply);
            }

            return;
        }

        if (f.Code is >= 300 or 205)
        {
            // A notice without a request id: eviction, shutdown, busy…
            CountError(f.Code);
        }
    }

    private void OnData(in ServerFrame f)
    {
        Volatile.Write(ref _dataFrames, _dataFrames + 1);
        Volatile.Write(ref _lastSeq, f.Seq);
        if (Page is { } page)
        {
            page.Add(f.Seq);
            return;
        }

        if (!f.HasProbe)
        {
            ForeignData++;
            return;
        }

        if (Ledger.Record(f.Publisher, f.PubSeq))
        {
            Volatile.Write(ref _delivered, _delivered + 1);
            var latency = LatencyRecorder.GetOrCreate(ref _deliveryLatency);
            if (f.SentAt >= _window.From)
            {
                latency.Record(Timing.Elapsed(f.SentAt, Stopwatch.GetTimestamp()));
            }
        }
    }

    private void CountError(int code)
    {
        _errors ??= [];
        _errors[code] = _errors.GetValueOrDefault(code) + 1;
        Volatile.Write(ref _errorCount, _errorCount + 1);
    }
}
