using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Tests.Infrastructure;

/// <summary>Request helpers and negative-delivery checks built on <see cref="ExpectAsync"/>.</summary>
public sealed partial class TestClient
{
    /// <summary>Frames received and not matched by any expectation yet, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Backlog => backlog;

    /// <summary>
    /// An ordering barrier: a <c>{get what:"desc"}</c> round trip on <paramref name="topic"/>. A topic answers in order,
    /// so when this returns every frame that topic queued for this client before the reply is in <see cref="Backlog"/>.
    /// Frames another topic sends (e.g. <c>me</c> presence from a group) are only ordered by a barrier on that topic.
    /// </summary>
    public async Task BarrierAsync(string topic)
    {
        var id = NextId();
        await SendAsync(new JsonObject { ["get"] = new JsonObject { ["id"] = id, ["topic"] = topic, ["what"] = "desc" } });
        await ExpectAsync(f => HasId(f, "meta", id) || HasId(f, "ctrl", id), $"barrier reply id={id} on {topic}");
    }

    /// <summary>Fails when a frame of <paramref name="type"/> matching <paramref name="predicate"/> is in the backlog.</summary>
    public void AssertNotReceived(string type, Func<JsonElement, bool> predicate, string what)
    {
        foreach (var frame in backlog)
        {
            if (frame.TryGetProperty(type, out var body) && predicate(body))
            {
                Assert.Fail($"Expected no {what}, but received {frame.GetRawText()}");
            }
        }
    }

    /// <summary>Barrier on <paramref name="barrierTopic"/>, then asserts no matching frame arrived before it.</summary>
    public async Task AssertNoFrameAsync(string barrierTopic, string type, Func<JsonElement, bool> predicate, string what)
    {
        await BarrierAsync(barrierTopic);
        AssertNotReceived(type, predicate, what);
    }

    public Task AssertNoDataAsync(string barrierTopic, string topic) =>
        AssertNoFrameAsync(barrierTopic, "data", d => d.Str("topic") == topic, $"data on {topic}");

    public Task AssertNoPresAsync(string barrierTopic, string topic, string what, string? src = null) =>
        AssertNoFrameAsync(barrierTopic, "pres", p => p.Str("topic") == topic && p.Str("what") == what && (src is null || p.Str("src") == src),
            $"pres {what} on {topic} src={src}");

    public Task AssertNoInfoAsync(string barrierTopic, string topic, string what) =>
        AssertNoFrameAsync(barrierTopic, "info", i => i.Str("topic") == topic && i.Str("what") == what, $"info {what} on {topic}");

    /// <summary>Creates a group with <c>{sub topic:"new"}</c> and returns its <c>grp…</c> name.</summary>
    public async Task<string> CreateGroupAsync(JsonObject? set = null)
    {
        var ctrl = await SubAsync("new", set: set);
        FrameAssert.Ctrl(ctrl, 200, "ok");
        return ctrl.Str("topic")!;
    }

    public Task<JsonElement> LeaveAsync(string topic, bool unsub = false) =>
        RequestAsync("leave", new JsonObject { ["topic"] = topic, ["unsub"] = unsub });

    /// <summary>Publishes and returns the <c>{ctrl}</c>, whatever its code.</summary>
    public Task<JsonElement> PublishAsync(string topic, string text, bool noEcho = false) =>
        RequestAsync("pub", new JsonObject { ["topic"] = topic, ["content"] = text, ["noecho"] = noEcho });

    /// <summary><c>{set}</c> with the given parts (<c>desc</c>, <c>sub</c>, <c>tags</c>); returns the first <c>{ctrl}</c>.</summary>
    public Task<JsonElement> SetAsync(string topic, JsonObject parts)
    {
        parts["topic"] = topic;
        return RequestAsync("set", parts);
    }

    public Task<JsonElement> SetSubAsync(string topic, string? user, string? mode)
    {
        var sub = new JsonObject();
        if (user is not null)
        {
            sub["user"] = user;
        }

        if (mode is not null)
        {
            sub["mode"] = mode;
        }

        return SetAsync(topic, new JsonObject { ["sub"] = sub });
    }

    public Task<JsonElement> DelAsync(string topic, JsonObject del)
    {
        del["topic"] = topic;
        return RequestAsync("del", del);
    }

    /// <summary>Deletes the given seq ids (each a single-id range).</summary>
    public Task<JsonElement> DelMsgAsync(string topic, bool hard, params long[] seqs)
    {
        var ranges = new JsonArray();
        foreach (var seq in seqs)
        {
            ranges.Add(new JsonObject { ["low"] = seq });
        }

        return DelAsync(topic, new JsonObject { ["what"] = "msg", ["delseq"] = ranges, ["hard"] = hard });
    }

    public Task NoteAsync(string topic, string what, long seq = 0)
    {
        var note = new JsonObject { ["topic"] = topic, ["what"] = what };
        if (seq != 0)
        {
            note["seq"] = seq;
        }

        return SendAsync(new JsonObject { ["note"] = note });
    }

    /// <summary>Sends <c>{get}</c> and returns its id; <paramref name="options"/> holds the per-part options (<c>data</c>, <c>sub</c>, …).</summary>
    public async Task<string> SendGetAsync(string topic, string what, JsonObject? options = null)
    {
        var id = NextId();
        var body = options ?? new JsonObject();
        body["id"] = id;
        body["topic"] = topic;
        body["what"] = what;
        await SendAsync(new JsonObject { ["get"] = body });
        return id;
    }

    /// <summary>The first reply to a <c>{get}</c> of one part: the whole <c>{meta}</c> or <c>{ctrl}</c> frame.</summary>
    public async Task<JsonElement> GetAsync(string topic, string what, JsonObject? options = null)
    {
        var id = await SendGetAsync(topic, what, options);
        return await ExpectAsync(f => HasId(f, "meta", id) || HasId(f, "ctrl", id), $"reply to get {what} id={id}");
    }

    /// <summary><c>{get what:"desc"}</c>; fails unless a <c>{meta desc}</c> comes back.</summary>
    public async Task<JsonElement> GetDescAsync(string topic)
    {
        var reply = await GetAsync(topic, "desc");
        Assert.True(reply.TryGetProperty("meta", out var meta), "expected meta desc, got " + reply.GetRawText());
        return meta.GetProperty("desc");
    }

    /// <summary><c>{get what:"sub"}</c>; fails unless a <c>{meta sub}</c> comes back.</summary>
    public async Task<JsonElement> GetSubsAsync(string topic)
    {
        var reply = await GetAsync(topic, "sub");
        Assert.True(reply.TryGetProperty("meta", out var meta), "expected meta sub, got " + reply.GetRawText());
        return meta.GetProperty("sub");
    }

    /// <summary>
    /// <c>{get what:"data"}</c>: the <c>{data}</c> frames of <paramref name="topic"/> that arrived before the closing
    /// <c>{ctrl}</c> (208 or 204), in arrival order. The caller must not leave live <c>{data}</c> of that topic unconsumed.
    /// </summary>
    public async Task<(List<JsonElement> Data, JsonElement Ctrl)> GetDataAsync(string topic, JsonObject? data = null)
    {
        var id = await SendGetAsync(topic, "data", data is null ? null : new JsonObject { ["data"] = data });
        var ctrl = await CtrlAsync(id);
        var frames = new List<JsonElement>();
        for (var i = 0; i < backlog.Count;)
        {
            if (backlog[i].TryGetProperty("data", out var d) && d.Str("topic") == topic)
            {
                frames.Add(d);
                backlog.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }

        return (frames, ctrl);
    }

    /// <summary>Seqs of a <see cref="GetDataAsync"/> result.</summary>
    public async Task<long[]> GetSeqsAsync(string topic, JsonObject? data = null)
    {
        var (frames, _) = await GetDataAsync(topic, data);
        return [.. frames.Select(f => f.GetProperty("seq").GetInt64())];
    }

    public Task<JsonElement> ExpectCtrlAsync(Func<JsonElement, bool> predicate, string what) =>
        ExpectFrameAsync("ctrl", predicate, what);

    private static bool HasId(JsonElement frame, string type, string id) =>
        frame.TryGetProperty(type, out var body) && body.Str("id") == id;
}
