using System.Diagnostics;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>One session paging through one topic, newest first, checking every page.</summary>
internal sealed class HistoryReader
{
    private readonly RunContext _ctx;
    private readonly ProtocolClient _client;
    private readonly string _topic;
    private readonly HistoryPage _page = new();
    private readonly List<string> _samples = [];
    private readonly Dictionary<int, long> _errors = [];
    private long _pages;
    private long _messages;
    private long _errorCount;

    public HistoryReader(RunContext ctx, ProtocolClient client, string topic)
    {
        _ctx = ctx;
        _client = client;
        _topic = topic;
        client.Page = _page;
    }

    public long Pages => Volatile.Read(ref _pages);
    public long Messages => Volatile.Read(ref _messages);
    public long Passes { get; private set; }
    public long Mismatches { get; private set; }
    /// <summary>Page latency (µs) of requests sent in the measured window; written by this reader's loop.</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Error replies so far (read racily for the timeline).</summary>
    public long ErrorCount => Volatile.Read(ref _errorCount);
    public IReadOnlyList<string> Samples => _samples;
    public IReadOnlyDictionary<int, long> Errors => _errors;

    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var o = _ctx.Options;
        long? before = null;
        long passCount = 0;
        while (!stop.IsCancellationRequested && _client.IsOpen)
        {
            _page.Reset();
            var sent = Stopwatch.GetTimestamp();
            CtrlReply reply;
            try
            {
                reply = await _client.RequestAsync(id => RequestFrames.GetData(id, _topic, before, o.PageSize), o.RequestTimeout, abort);
            }
            catch (SetupException e)
            {
                Mismatch(e.Message);
                return;
            }

            if (sent >= _ctx.Window.From)
            {
                Latency.Record(Timing.Elapsed(sent, Stopwatch.GetTimestamp()));
            }

            Interlocked.Increment(ref _pages);
            Interlocked.Add(ref _messages, _page.Count);
            if (reply.Code is not (208 or 204))
            {
                _errors[reply.Code] = _errors.GetValueOrDefault(reply.Code) + 1;
                Interlocked.Increment(ref _errorCount);
                before = null;
                passCount = 0;
                continue;
            }

            if (reply.Code == 204 || _page.Count == 0)
            {
                EndPass(passCount, before is null ? "first page is empty" : null);
                before = null;
                passCount = 0;
                continue;
            }

            CheckPage(before, reply);
            passCount += _page.Count;
            if (_page.Oldest <= 1)
            {
                EndPass(passCount, null);
                before = null;
                passCount = 0;
            }
            else
            {
                before = _page.Oldest;
            }
        }
    }

    private void CheckPage(long? before, CtrlReply reply)
    {
        var o = _ctx.Options;
        if (_page.OrderViolations > 0)
        {
            Mismatch($"page before {before}: {_page.OrderViolations} seq(s) out of order or missing");
        }

        if (_page.Count > o.PageSize)
        {
            Mismatch($"page before {before}: {_page.Count} messages for limit {o.PageSize}");
        }

        if (before is { } b && _page.Newest != b - 1)
        {
            Mismatch($"page before {b} starts at seq {_page.Newest}");
        }

        if (before is null && _page.Newest != o.Messages)
        {
            Mismatch($"first page starts at seq {_page.Newest}, expected {o.Messages}");
        }

        if (reply.Param("count") is { } count && count != _page.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Mismatch($"ctrl 208 says count {count}, {_page.Count} data frames arrived");
        }
    }

    private void EndPass(long passCount, string? problem)
    {
        Passes++;
        if (problem is not null)
        {
            Mismatch(problem);
        }
        else if (passCount != _ctx.Options.Messages)
        {
            Mismatch($"a full pass returned {passCount} messages, expected {_ctx.Options.Messages}");
        }
    }

    private void Mismatch(string text)
    {
        Mismatches++;
        if (_samples.Count < 5)
        {
            _samples.Add($"{_client.Name} on {_topic}: {text}");
        }
    }
}
