using System.Net.WebSockets;
using System.Threading.Channels;

namespace Broker.Bench.Load.Baseline;

/// <summary>
/// One WebSocket of the baseline: a receive loop answering the minimal protocol and a writer loop draining a
/// bounded outbox — every queued frame is written, then the connection is flushed once (or once per frame
/// with <c>--baseline-flush message</c>).
/// </summary>
internal sealed class BaselineSession(BaselineServer server, WebSocket socket, BatchingStream stream)
{
    /// <summary>Frames queued per session before publishers wait (Tinode: 128 + 32, then the session is dropped).</summary>
    public const int OutboxCapacity = 1024;

    private const int MaxBatchBytes = 256 * 1024;

    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Dictionary<string, BaselineTopic> _attached = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[16 * 1024];

    public string? UserId { get; private set; }

    public ValueTask EnqueueAsync(byte[] frame, CancellationToken ct) =>
        _outbox.Writer.TryWrite(frame) ? ValueTask.CompletedTask : EnqueueSlowAsync(frame, ct);

    public async Task RunAsync(CancellationToken ct)
    {
        var writer = WriteLoopAsync(ct);
        try
        {
            await ReceiveLoopAsync(ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            foreach (var topic in _attached.Values)
            {
                topic.Detach(this);
            }

            _outbox.Writer.TryComplete();
            await writer;
            try
            {
                await stream.FlushBatchAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }

            socket.Dispose();
        }
    }

    private async ValueTask EnqueueSlowAsync(byte[] frame, CancellationToken ct)
    {
        try
        {
            await _outbox.Writer.WriteAsync(frame, ct);
        }
        catch (ChannelClosedException)
        {
            // the session is closing; the frame has no reader any more
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                result = await socket.ReceiveAsync(_buffer.AsMemory(count), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    }

                    return;
                }

                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (BaselineRequestReader.TryRead(_buffer.AsSpan(0, count)) is { } request)
            {
                await HandleAsync(request, ct);
            }
            else
            {
                await EnqueueAsync(BaselineFrames.Ctrl(null, null, 400, "malformed"), ct);
            }
        }
    }

    private async Task HandleAsync(BaselineRequest r, CancellationToken ct)
    {
        switch (r.Kind)
        {
            case BaselineRequestKind.Hi:
                await EnqueueAsync(BaselineFrames.Ctrl(r.Id, null, 201, "created", w => w.WriteString("ver", "0.25")), ct);
                break;
            case BaselineRequestKind.Acc:
                UserId = server.NewUserId();
                await EnqueueAsync(LoginReply(r.Id), ct);
                break;
            case BaselineRequestKind.Login:
                if (r.Secret is { } token && token.StartsWith(BaselineServer.TokenPrefix, StringComparison.Ordinal))
                {
                    UserId = token[BaselineServer.TokenPrefix.Length..];
                    await EnqueueAsync(LoginReply(r.Id), ct);
                }
                else if (r.Secret is { } basic && BasicLogin(basic) is { } login)
                {
                    UserId = server.UserOfLogin(login);
                    await EnqueueAsync(LoginReply(r.Id), ct);
                }
                else
                {
                    await EnqueueAsync(BaselineFrames.Ctrl(r.Id, null, 401, "authentication failed"), ct);
                }

                break;
            case BaselineRequestKind.Sub:
                await SubscribeAsync(r, ct);
                break;
            case BaselineRequestKind.Pub:
                await PublishAsync(r, ct);
                break;
            case BaselineRequestKind.Get:
                await EnqueueAsync(BaselineFrames.Ctrl(r.Id, r.Topic, 204, "no content", w => w.WriteString("what", "data")), ct);
                break;
            case BaselineRequestKind.Leave:
                if (r.Topic is { } leaving && _attached.Remove(leaving, out var left))
                {
                    left.Detach(this);
                }

                await EnqueueAsync(BaselineFrames.Ctrl(r.Id, r.Topic, 200, "ok"), ct);
                break;
            case BaselineRequestKind.Note:
                break; // the baseline does not relay notes
            default:
                await EnqueueAsync(BaselineFrames.Ctrl(r.Id, null, 400, "malformed"), ct);
                break;
        }
    }

    private async Task SubscribeAsync(BaselineRequest r, CancellationToken ct)
    {
        if (UserId is null)
        {
            await EnqueueAsync(BaselineFrames.Ctrl(r.Id, r.Topic, 401, "authentication required"), ct);
            return;
        }

        var requested = r.Topic ?? string.Empty;
        var (view, topic) = requested switch
        {
            "me" => ("me", null),
            _ when requested.StartsWith("new", StringComparison.Ordinal) => server.NewGroup(),
            _ when requested.StartsWith("usr", StringComparison.Ordinal) => (requested, server.P2P(UserId, requested)),
            _ => (requested, server.FindGroup(requested)),
        };
        if (topic is null && view != "me")
        {
            await EnqueueAsync(BaselineFrames.Ctrl(r.Id, requested, 404, "topic not found"), ct);
            return;
        }

        if (topic is not null)
        {
            topic.Attach(this);
            _attached[view] = topic;
        }

        await EnqueueAsync(BaselineFrames.Ctrl(r.Id, view, 200, "ok"), ct);
    }

    private async Task PublishAsync(BaselineRequest r, CancellationToken ct)
    {
        if (r.Topic is not { } name || !_attached.TryGetValue(name, out var topic))
        {
            await EnqueueAsync(BaselineFrames.Ctrl(r.Id, r.Topic, 409, "must attach first"), ct);
            return;
        }

        await topic.PublishAsync(this, r.Id, name, r.Content ?? "null"u8.ToArray(), r.NoEcho, ct);
    }

    /// <summary>The login name of a basic secret (base64 of <c>login:password</c>); null when it is not one.</summary>
    private static string? BasicLogin(string secret)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? text[..colon] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private byte[] LoginReply(string? id) => BaselineFrames.Ctrl(id, null, 200, "ok", w =>
    {
        w.WriteString("authlvl", "auth");
        w.WriteString("token", BaselineServer.TokenPrefix + UserId);
        w.WriteString("user", UserId);
    });

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        var reader = _outbox.Reader;
        var perMessage = server.Flush == Options.BaselineFlush.Message;
        try
        {
            while (await reader.WaitToReadAsync(ct))
            {
                while (reader.TryRead(out var frame))
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, ct);
                    if (perMessage || stream.PendingBytes >= MaxBatchBytes)
                    {
                        await stream.FlushBatchAsync(ct);
                    }
                }

                await stream.FlushBatchAsync(ct);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the connection is gone: stop accepting frames so publishers never wait on this session
            _outbox.Writer.TryComplete();
            socket.Abort();
        }
    }
}
