using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Broker.Tests.Infrastructure;

/// <summary>
/// A raw WebSocket client speaking the protocol. Received frames are kept in order; <see cref="ExpectAsync"/>
/// consumes the first frame that matches and leaves the others for later expectations. Every wait has a timeout
/// that names what it waited for.
/// </summary>
public sealed partial class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly WebSocket socket;
    private readonly Channel<JsonElement> incoming = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> backlog = [];
    private readonly Task receiver;
    private int nextId;

    private TestClient(WebSocket socket)
    {
        this.socket = socket;
        receiver = Task.Run(ReceiveLoopAsync);
    }

    public string? UserId { get; private set; }

    public string? Token { get; private set; }

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public string? CloseDescription => socket.CloseStatusDescription;

    /// <summary>Raw text frames that were not JSON (the probe reply).</summary>
    public List<string> RawFrames { get; } = [];

    public static async Task<TestClient> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null, HttpMessageInvoker? invoker = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, invoker, timeout.Token);
        return new TestClient(socket);
    }

    /// <summary>A client over a WebSocket already connected to a session (the in-process silos of the TestingHost tests).</summary>
    internal static TestClient Over(WebSocket socket) => new(socket);

    /// <summary>Whether the socket is still open (no close frame or error seen yet).</summary>
    public bool IsOpen => socket.State == WebSocketState.Open;

    public string NextId() => (++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task SendRawAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBytesAsync(byte[] bytes, WebSocketMessageType type) =>
        socket.SendAsync(bytes, type, true, CancellationToken.None);

    public Task SendAsync(JsonNode frame) => SendRawAsync(frame.ToJsonString());

    /// <summary>Sends one text message as <paramref name="head"/> followed by <paramref name="count"/> fragments of <paramref name="chunk"/>, never ending it.</summary>
    public async Task SendFragmentsAsync(string head, byte[] chunk, int count)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(head), WebSocketMessageType.Text, false, CancellationToken.None);
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(chunk, WebSocketMessageType.Text, false, CancellationToken.None);
        }
    }

    /// <summary>Waits for the first frame matching <paramref name="predicate"/>.</summary>
    public async Task<JsonElement> ExpectAsync(Func<JsonElement, bool> predicate, string what, TimeSpan? timeout = null)
    {
        for (var i = 0; i < backlog.Count; i++)
        {
            if (predicate(backlog[i]))
            {
                var found = backlog[i];
                backlog.RemoveAt(i);
                return found;
            }
        }

        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            while (true)
            {
                var frame = await incoming.Reader.ReadAsync(cts.Token);
                if (predicate(frame))
                {
                    return frame;
                }

                backlog.Add(frame);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out waiting for {what}. Unmatched frames: {string.Join(" | ", backlog.Select(f => f.GetRawText()))}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"Connection closed ({socket.CloseStatus} {socket.CloseStatusDescription}) while waiting for {what}. Unmatched frames: {string.Join(" | ", backlog.Select(f => f.GetRawText()))}");
        }
    }

    /// <summary>The <c>{ctrl}</c> answering request <paramref name="id"/>.</summary>
    public async Task<JsonElement> CtrlAsync(string id)
    {
        var frame = await ExpectAsync(f => f.TryGetProperty("ctrl", out var c) && c.TryGetProperty("id", out var i) && i.GetString() == id, $"ctrl id={id}");
        return frame.GetProperty("ctrl");
    }

    public async Task<JsonElement> ExpectFrameAsync(string type, Func<JsonElement, bool> predicate, string what)
    {
        var frame = await ExpectAsync(f => f.TryGetProperty(type, out var body) && predicate(body), what);
        return frame.GetProperty(type);
    }

    /// <summary>Sends a frame with a fresh id and returns the <c>{ctrl}</c> reply.</summary>
    public async Task<JsonElement> RequestAsync(string type, JsonObject body)
    {
        var id = NextId();
        body["id"] = id;
        await SendAsync(new JsonObject { [type] = body });
        return await CtrlAsync(id);
    }

    public Task<JsonElement> HiAsync() => RequestAsync("hi", new JsonObject { ["ver"] = "0.25", ["ua"] = "TestClient/1.0" });

    public static string BasicSecret(string login, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password));

    /// <summary>hi + acc(login:true); remembers the user id and token.</summary>
    public async Task<JsonElement> RegisterAsync(string login, string password = "secret123", string? fn = null)
    {
        await HiAsync();
        var ctrl = await RequestAsync("acc", new JsonObject
        {
            ["user"] = "new",
            ["scheme"] = "basic",
            ["secret"] = BasicSecret(login, password),
            ["login"] = true,
            ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = fn ?? login } },
        });
        Remember(ctrl);
        return ctrl;
    }

    public async Task<JsonElement> LoginAsync(string login, string password = "secret123")
    {
        var ctrl = await RequestAsync("login", new JsonObject { ["scheme"] = "basic", ["secret"] = BasicSecret(login, password) });
        Remember(ctrl);
        return ctrl;
    }

    public async Task<JsonElement> LoginTokenAsync(string token)
    {
        var ctrl = await RequestAsync("login", new JsonObject { ["scheme"] = "token", ["secret"] = token });
        Remember(ctrl);
        return ctrl;
    }

    public Task<JsonElement> SubAsync(string topic, JsonObject? get = null, JsonObject? set = null)
    {
        var body = new JsonObject { ["topic"] = topic };
        if (get is not null)
        {
            body["get"] = get;
        }

        if (set is not null)
        {
            body["set"] = set;
        }

        return RequestAsync("sub", body);
    }

    /// <summary>Publishes and returns the seq from the 202 ack (fails the test when not 202).</summary>
    public async Task<long> PubAsync(string topic, string text, bool noEcho = false)
    {
        var ctrl = await RequestAsync("pub", new JsonObject { ["topic"] = topic, ["content"] = text, ["noecho"] = noEcho });
        if (ctrl.GetProperty("code").GetInt32() != 202)
        {
            throw new InvalidOperationException("pub not accepted: " + ctrl.GetRawText());
        }

        return ctrl.GetProperty("params").GetProperty("seq").GetInt64();
    }

    /// <summary>Sends <paramref name="count"/> publishes without waiting between them, then collects every reply in order.</summary>
    public async Task<List<JsonElement>> PubManyAsync(string topic, int count, Func<int, JsonNode> content)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var id = NextId();
            ids.Add(id);
            await SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = id, ["topic"] = topic, ["content"] = content(i) } });
        }

        var replies = new List<JsonElement>(count);
        foreach (var id in ids)
        {
            replies.Add(await CtrlAsync(id));
        }

        return replies;
    }

    public Task<JsonElement> ExpectDataAsync(string topic, long seq) =>
        ExpectFrameAsync("data", d => d.GetProperty("topic").GetString() == topic && d.GetProperty("seq").GetInt64() == seq, $"data {topic}#{seq}");

    public Task<JsonElement> ExpectMetaAsync(string id, string part) =>
        ExpectFrameAsync("meta", m => m.TryGetProperty("id", out var i) && i.GetString() == id && m.TryGetProperty(part, out _), $"meta {part} id={id}");

    public Task<JsonElement> ExpectPresAsync(string topic, string what, string? src = null) =>
        ExpectFrameAsync("pres", p => p.GetProperty("topic").GetString() == topic && p.GetProperty("what").GetString() == what
            && (src is null || (p.TryGetProperty("src", out var s) && s.GetString() == src)), $"pres {what} on {topic} src={src}");

    public Task<JsonElement> ExpectInfoAsync(string topic, string what) =>
        ExpectFrameAsync("info", i => i.GetProperty("topic").GetString() == topic && i.GetProperty("what").GetString() == what, $"info {what} on {topic}");

    /// <summary>Every frame received and not yet consumed by an expectation (waits for nothing).</summary>
    public List<JsonElement> Received()
    {
        while (incoming.Reader.TryRead(out var frame))
        {
            backlog.Add(frame);
        }

        return [.. backlog];
    }

    /// <summary>Waits until the server closes the connection; returns the close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitClosedAsync()
    {
        using var cts = new CancellationTokenSource(DefaultTimeout);
        await receiver.WaitAsync(cts.Token);
        return socket.CloseStatus;
    }

    private void Remember(JsonElement ctrl)
    {
        if (ctrl.GetProperty("code").GetInt32() < 300 && ctrl.TryGetProperty("params", out var p))
        {
            if (p.TryGetProperty("user", out var user))
            {
                UserId = user.GetString();
            }

            if (p.TryGetProperty("token", out var token))
            {
                Token = token.GetString();
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                    }

                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                JsonElement? parsed = null;
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        parsed = doc.RootElement.Clone();
                    }
                }
                catch (JsonException)
                {
                }

                if (parsed is { } frame)
                {
                    incoming.Writer.TryWrite(frame);
                }
                else
                {
                    // Not a JSON object (e.g. the probe reply "0", which is valid JSON but no frame).
                    lock (RawFrames)
                    {
                        RawFrames.Add(text);
                    }

                    incoming.Writer.TryWrite(JsonDocument.Parse(JsonSerializer.Serialize(new { raw = text })).RootElement.Clone());
                }
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            incoming.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        socket.Dispose();
    }
}
