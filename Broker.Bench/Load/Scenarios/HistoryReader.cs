using Broker.Bench.Load.Api;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// One session paging through one topic, newest first, checking every page: an iteration of the history
/// scenario reads one page (<see cref="ReadPageAsync"/>); the position (<c>before</c>) and the count of the current
/// pass live here, so the reader must serve one iteration at a time (the runner leases it).
/// </summary>
internal sealed class HistoryReader : IAsyncDisposable
{
    private readonly RunContext _ctx;
    private readonly ProtocolClient _client;
    private readonly string _topic;
    private readonly HistoryPage _page = new();
    private readonly List<string> _samples = [];
    private readonly Dictionary<int, long> _errors = [];
    private long? _before;
    private long _passCount;

    public HistoryReader(RunContext ctx, ProtocolClient client, string topic)
    {
        _ctx = ctx;
        _client = client;
        _topic = topic;
        client.Page = _page;
    }

    public ProtocolClient Client => _client;

    /// <summary>Messages received in pages of measured iterations.</summary>
    public long MeasuredMessages { get; private set; }
    public long Passes { get; private set; }
    public long Mismatches { get; private set; }
    public IReadOnlyList<string> Samples => _samples;
    public IReadOnlyDictionary<int, long> Errors => _errors;

    /// <summary>Requests the next page and checks it; a page the broker refused is a failed step with its code.</summary>
    public async Task<StepResult> ReadPageAsync(bool measured, CancellationToken ct)
    {
        var o = _ctx.Options;
        _page.Reset();
        CtrlReply reply;
        try
        {
            reply = await _client.RequestAsync(id => RequestFrames.GetData(id, _topic, _before, o.PageSize), o.RequestTimeout, ct);
        }
        catch (SetupException e)
        {
            // the connection is gone: the pages this reader would have checked are missing
            Mismatch(e.Message);
            return StepResult.Fail("closed");
        }

        if (measured)
        {
            MeasuredMessages += _page.Count;
        }

        if (reply.Code is not (208 or 204))
        {
            _errors[reply.Code] = _errors.GetValueOrDefault(reply.Code) + 1;
            (_before, _passCount) = (null, 0);
            return StepResult.FromCode(reply.Code);
        }

        if (reply.Code == 204 || _page.Count == 0)
        {
            EndPass(_passCount, _before is null ? "first page is empty" : null);
            (_before, _passCount) = (null, 0);
            return StepResult.Ok();
        }

        CheckPage(_before, reply);
        _passCount += _page.Count;
        if (_page.Oldest <= 1)
        {
            EndPass(_passCount, null);
            (_before, _passCount) = (null, 0);
        }
        else
        {
            _before = _page.Oldest;
        }

        return StepResult.Ok();
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

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
