using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>
/// A bulk publisher on a raw WebSocket, as a bridge or a bot is: it sends many <c>{pub}</c> (back to back, with a
/// window in flight, or paced), ignores 429s and tallies the reply to every id. It reads everything the server sends,
/// so a close it sees is the server's decision, and a missing close frame shows as <see cref="Aborted"/>.
/// </summary>
internal sealed class RawPublisher : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> waiting = [];
    private readonly Dictionary<int, int> replies = [];
    private readonly HashSet<long> ackedSeqs = [];
    private readonly object gate = new();
    private Task? receiver;
    private SemaphoreSlim? window;
    private TaskCompletionSource allAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int expected;
    private int answered;

    /// <summary>Replies by code.</summary>
    public IReadOnlyDictionary<int, int> Replies => replies;

    /// <summary>Seqs of the messages the server acknowledged (202).</summary>
    public IReadOnlyCollection<long> AckedSeqs => ackedSeqs;

    public int Answered => Volatile.Read(ref answered);

    /// <summary>True when the connection ended without a close frame (1006).</summary>
    public bool Aborted { get; private set; }

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public string? CloseDescription => socket.CloseStatusDescription;

    public bool IsOpen => socket.State == WebSocketState.Open;

    /// <summary>Connects, registers <paramref name="login"/> and attaches to <paramref name="topic"/>.</summary>
    public static async Task<RawPublisher> JoinAsync(TestBroker broker, string login, string topic)
    {
        var publisher = new RawPublisher();
        using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
        await publisher.socket.ConnectAsync(broker.WebSocketUri, timeout.Token);
        publisher.receiver = Task.Run(publisher.ReceiveLoopAsync);
        await publisher.RequestAsync("s1", """{"hi":{"id":"s1","ver":"0.25"}}""");
        var secret = TestClient.BasicSecret(login, "secret123");
        await publisher.RequestAsync("s2", $$$"""{"acc":{"id":"s2","user":"new","scheme":"basic","secret":"{{{secret}}}","login":true}}""");
        var joined = await publisher.RequestAsync("s3", $$$"""{"sub":{"id":"s3","topic":"{{{topic}}}"}}""");
        Assert.Equal(200, joined.GetProperty("code").GetInt32());
        return publisher;
    }

    /// <summary>
    /// Publishes <paramref name="count"/> messages with at most <paramref name="inFlight"/> unanswered (0: no window,
    /// back to back), or paced at <paramref name="perSecond"/> when that is given; returns when every one is answered
    /// or the connection ended.
    /// </summary>
    public async Task PublishAsync(string topic, int count, int inFlight = 0, int perSecond = 0, TimeSpan? timeout = null)
    {
        window = inFlight > 0 ? new SemaphoreSlim(inFlight) : null;
        lock (gate)
        {
            expected = count;
            answered = 0;
            allAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < count && socket.State == WebSocketState.Open; i++)
            {
                if (window is not null)
                {
                    await window.WaitAsync();
                }

                if (perSecond > 0)
                {
                    // Pacing is the load's shape, not synchronisation: the i-th message leaves at i / perSecond.
                    var due = TimeSpan.FromSeconds((double)i / perSecond) - clock.Elapsed;
                    if (due > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(due);
                    }
                }

                var frame = $$$"""{"pub":{"id":"p{{{i.ToString(CultureInfo.InvariantCulture)}}}","topic":"{{{topic}}}","noecho":true,"content":"message {{{i.ToString(CultureInfo.InvariantCulture)}}}"}}""";
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The server closed the connection while we were still sending.
        }

        await Task.WhenAny(allAnswered.Task, receiver!).WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until the server closes the connection (or aborts it).</summary>
    public Task WaitClosedAsync() => receiver!.WaitAsync(TestClient.DefaultTimeout);

    private async Task<JsonElement> RequestAsync(string id, string frame)
    {
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiting[id] = reply;
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);
        return await reply.Task.WaitAsync(TestClient.DefaultTimeout);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    Handle(message.GetBuffer().AsSpan(0, (int)message.Length));
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
            Aborted = true;
        }
    }

    private void Handle(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var doc = JsonDocument.ParseValue(ref reader);
        if (!doc.RootElement.TryGetProperty("ctrl", out var ctrl) || !ctrl.TryGetProperty("id", out var idElement))
        {
            return;
        }

        var id = idElement.GetString()!;
        var code = ctrl.GetProperty("code").GetInt32();
        lock (gate)
        {
            if (waiting.Remove(id, out var request))
            {
                request.TrySetResult(ctrl.Clone());
                return;
            }

            replies[code] = replies.GetValueOrDefault(code) + 1;
            if (code == 202)
            {
                ackedSeqs.Add(ctrl.GetProperty("params").GetProperty("seq").GetInt64());
            }
            else if (code == 429)
            {
                Assert.True(ctrl.GetProperty("params").GetProperty("retryAfter").GetInt32() > 0, "429 without retryAfter");
            }

            if (++answered == expected)
            {
                allAnswered.TrySetResult();
            }
        }

        window?.Release();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token);
                await receiver!.WaitAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
        {
        }

        socket.Dispose();
        window?.Dispose();
    }
}
