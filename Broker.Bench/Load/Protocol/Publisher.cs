using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Numerics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Scenarios;

namespace Broker.Bench.Load.Protocol;

/// <summary>
/// One session publishing into one topic. Messages are numbered 0, 1, 2… and the number is both the
/// <c>{pub}</c> id (so the 202 ack names it) and part of the content probe
/// <c>{"p":publisher,"n":number,"t":sendTimestamp,"x":padding}</c>, which receivers read for loss and latency.
/// The publish loop and the receive loop (acks) are the only writers; counters are read racily for progress.
/// </summary>
internal sealed class Publisher
{
    /// <summary>Bytes of the content object without padding; <c>--size</c> pads the rest.</summary>
    public const int ProbeOverhead = 48;

    private readonly long[] _sentAt;
    private readonly int _mask;
    private readonly WindowGate _gate;
    private readonly byte[] _topic;
    private readonly JsonEncodedText? _padding;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _writer;
    private readonly MeasureWindow _window;
    private long _next;
    private long _sent;
    private long _refused;
    private PaceClock? _pace;

    public Publisher(int id, ProtocolClient client, string topic, int contentSize, int window, MeasureWindow measure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        Id = id;
        Client = client;
        Topic = topic;
        _topic = Encoding.UTF8.GetBytes(topic);
        _window = measure;
        _gate = new WindowGate(window);
        var ring = (int)BitOperations.RoundUpToPowerOf2((uint)window);
        _sentAt = new long[ring];
        _mask = ring - 1;
        var pad = contentSize - ProbeOverhead;
        _padding = pad > 0 ? JsonEncodedText.Encode(new string('x', pad)) : null;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
        client.Publisher = this;
    }

    public int Id { get; }
    public ProtocolClient Client { get; }
    public string Topic { get; }

    /// <summary>Publisher numbers acknowledged with 202 (written by the receive loop).</summary>
    public SequenceSet Acked { get; } = new();

    private LatencyRecorder? _ackLatency;

    /// <summary>Publish→ack latency (µs) of messages sent in the measured window; created by the first ack.</summary>
    public LatencyRecorder? AckLatency => Volatile.Read(ref _ackLatency);

    /// <summary>
    /// Whether a paced run (<see cref="RunAsync"/> with a schedule) keeps its own thread; set by the run for a few
    /// publishers (<see cref="TrafficRun.MaxPacingThreads"/>), not for the thousand of a pairs run.
    /// </summary>
    public bool PaceOnOwnThread { get; set; }

    public long Sent => Volatile.Read(ref _sent);

    /// <summary>
    /// Messages the schedule owes by now that this publisher has not sent (0 when unpaced). Its growth over the
    /// measured window is what the generator, not the broker, took off the offered rate.
    /// </summary>
    public long Behind => Volatile.Read(ref _pace)?.Behind ?? 0;
    public long Refused => Volatile.Read(ref _refused);
    public long UnknownAcks { get; private set; }
    public int InFlight => _gate.InFlight;
    public bool Failed { get; private set; }

    /// <summary>
    /// Publishes until <paramref name="stop"/>: on <paramref name="schedule"/> (paced against the clock, catching up
    /// in bursts when late) or, when it is null, as fast as the in-flight window allows.
    /// </summary>
    public async Task RunAsync(RateSchedule? schedule, Func<Publisher, CancellationToken, ValueTask>? beforeEach,
        CancellationToken stop, CancellationToken abort)
    {
        await using var registration = stop.Register(static g => ((WindowGate)g!).Close(), _gate);
        try
        {
            if (schedule is null)
            {
                while (!stop.IsCancellationRequested)
                {
                    if (beforeEach is not null)
                    {
                        await beforeEach(this, abort);
                    }

                    if (!await PublishAsync(abort))
                    {
                        return;
                    }
                }

                return;
            }

            if (PaceOnOwnThread)
            {
                await Task.Factory.StartNew(
                    () => RunPacedOnThread(schedule, beforeEach, stop, abort),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);
                return;
            }

            var pace = StartPaceClock(schedule);
            while (!stop.IsCancellationRequested)
            {
                var due = pace.Due(out var wait);
                if (due <= 0)
                {
                    await Task.Delay(wait, stop);
                    continue;
                }

                for (var i = 0L; i < due && !stop.IsCancellationRequested; i++)
                {
                    if (beforeEach is not null)
                    {
                        await beforeEach(this, abort);
                    }

                    if (!await PublishAsync(abort))
                    {
                        return;
                    }

                    pace.Done++;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested || abort.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The paced loop on a thread of its own, waiting by blocking: a timer continuation in the thread pool waits
    /// behind every queued socket completion, and with 5,000 receiving sessions that queue made the publishers offer
    /// 98.8 msg/s of 100 (BENCHMARKS.md, sixth session). Sends that complete at once never leave this thread.
    /// </summary>
    private void RunPacedOnThread(RateSchedule schedule, Func<Publisher, CancellationToken, ValueTask>? beforeEach,
        CancellationToken stop, CancellationToken abort)
    {
        try
        {
            var pace = StartPaceClock(schedule);
            while (!stop.IsCancellationRequested)
            {
                var due = pace.Due(out var wait);
                if (due <= 0)
                {
                    stop.WaitHandle.WaitOne(wait);
                    continue;
                }

                for (var i = 0L; i < due && !stop.IsCancellationRequested; i++)
                {
                    if (beforeEach is not null)
                    {
                        Wait(beforeEach(this, abort));
                    }

                    if (!Wait(PublishAsync(abort)))
                    {
                        return;
                    }

                    pace.Done++;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested || abort.IsCancellationRequested)
        {
        }
    }

    private PaceClock StartPaceClock(RateSchedule schedule)
    {
        var pace = new PaceClock(schedule);
        Volatile.Write(ref _pace, pace);
        return pace;
    }

    private static void Wait(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        task.AsTask().GetAwaiter().GetResult();
    }

    private static bool Wait(ValueTask<bool> task) =>
        task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    /// <summary>How many messages the schedule owes by now, against the clock (a late publisher catches up in bursts).</summary>
    /// <remarks>The paced loop is its only writer; <see cref="Behind"/> reads it racily from the progress and report.</remarks>
    private sealed class PaceClock(RateSchedule schedule)
    {
        // A random phase keeps many slow publishers from firing on the same timer tick.
        private readonly double phase = Random.Shared.NextDouble();
        private readonly long start = Stopwatch.GetTimestamp();

        public long Done;

        public long Behind => Math.Max(0, Owed(Stopwatch.GetElapsedTime(start).TotalSeconds) - Volatile.Read(ref Done));

        /// <summary>Messages due now; when none, <paramref name="wait"/> is how long until the next.</summary>
        public long Due(out TimeSpan wait)
        {
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var owed = schedule.Due(elapsed) + phase;
            var due = (long)owed - Done;
            wait = due <= 0 ? NextWait(schedule, elapsed, Done + 1 - owed) : TimeSpan.Zero;
            return due;
        }

        private long Owed(double elapsed) => (long)(schedule.Due(elapsed) + phase);
    }

    /// <summary>Until the next message at the current rate; a changing rate is looked at again within 100 ms.</summary>
    private static TimeSpan NextWait(RateSchedule schedule, double elapsed, double missing)
    {
        var rate = schedule.RateAt(elapsed);
        var seconds = rate > 0 ? missing / rate : 0.1;
        if (!schedule.IsConstant)
        {
            seconds = Math.Min(seconds, 0.1);
        }

        return TimeSpan.FromSeconds(Math.Max(seconds, 0.001));
    }

    /// <summary>Sends one message once the window has room; false when the window closed or the socket failed.</summary>
    public async ValueTask<bool> PublishAsync(CancellationToken abort)
    {
        if (Failed || !await _gate.WaitAsync())
        {
            return false;
        }

        var n = _next;
        var now = Stopwatch.GetTimestamp();
        _sentAt[n & _mask] = now;
        WriteFrame(n, now);
        Volatile.Write(ref _next, n + 1);
        try
        {
            await Client.SendAsync(_buffer.WrittenMemory, abort);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Failed = true;
            _gate.Abandon();
            return false;
        }

        Volatile.Write(ref _sent, _sent + 1);
        return true;
    }

    /// <summary>Receive loop: ctrl 202 for publish <paramref name="number"/>.</summary>
    public void OnAck(long number, long now)
    {
        if (number < 0 || number >= Volatile.Read(ref _next) || !Acked.Add(number))
        {
            UnknownAcks++;
            return;
        }

        var sentAt = _sentAt[number & _mask];
        var latency = LatencyRecorder.GetOrCreate(ref _ackLatency);
        if (sentAt >= _window.From)
        {
            latency.Record(Timing.Elapsed(sentAt, now));
        }

        _gate.Release();
    }

    /// <summary>Receive loop: the broker refused publish <paramref name="number"/> (4xx/5xx).</summary>
    public void OnRefused(long number)
    {
        if (number < 0 || number >= Volatile.Read(ref _next))
        {
            UnknownAcks++;
            return;
        }

        Volatile.Write(ref _refused, _refused + 1);
        _gate.Release();
    }

    /// <summary>Receive loop: the connection ended; nothing in flight will be answered.</summary>
    public void OnDisconnected()
    {
        Failed = true;
        _gate.Abandon();
    }

    /// <summary>The last frame written (tests check its shape).</summary>
    internal ReadOnlyMemory<byte> LastFrame => _buffer.WrittenMemory;

    internal void WriteFrame(long number, long now)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(number, digits, out var length);
        var w = _writer;
        w.WriteStartObject();
        w.WriteStartObject("pub"u8);
        w.WriteString("id"u8, digits[..length]);
        w.WriteString("topic"u8, _topic);
        w.WriteBoolean("noecho"u8, true);
        w.WriteStartObject("content"u8);
        w.WriteNumber("p"u8, Id);
        w.WriteNumber("n"u8, number);
        w.WriteNumber("t"u8, now);
        if (_padding is { } padding)
        {
            w.WriteString("x"u8, padding);
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
    }
}
