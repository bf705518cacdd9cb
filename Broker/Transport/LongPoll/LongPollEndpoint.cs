using System.Buffers;
using Broker.Auth;
using Broker.Options;
using Broker.Protocol.Server;
using Broker.Sessions;
using Broker.Topics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Broker.Transport.LongPoll;

/// <summary>
/// Long polling at <c>/v0/channels/lp</c>, as Tinode's <c>hdl_longpoll.go</c>: a request without <c>sid</c> starts a
/// session and is answered 201 <c>{ctrl params:{sid}}</c>; a request with <c>sid</c> and a body hands the body (one
/// client frame) to the session; one without a body waits up to <see cref="LongPollOptions.PollTimeout"/> for the next
/// server frame (an empty 200 when none came). An unknown or expired <c>sid</c> is answered 403.
/// </summary>
internal static class LongPollEndpoint
{
    public const string Path = "/v0/channels/lp";

    public static void MapBrokerLongPolling(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<LongPollOptions>>().Value.Enabled)
        {
            app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync);
        }
    }

    private static async Task HandleAsync(HttpContext context, LongPollRegistry registry, SessionServices services, IOptions<LongPollOptions> options,
        TimeProvider clock, ConnectionLimiter limiter, ApiKeyValidator apiKeys, TransportLog log, IHostApplicationLifetime lifetime)
    {
        var response = context.Response;
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        response.ContentType = "text/plain";
        response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        response.Headers.Expires = "0";
        var now = clock.GetUtcNow().UtcDateTime;
        if (!apiKeys.IsAllowed(context))
        {
            log.ApiKeyRefused(remote);
            await WriteAsync(response, StatusCodes.Status403Forbidden, Replies.Ctrl(null, null, CtrlCode.ApiKeyRequired, now));
            return;
        }

        if (!UpgradePolicy.IsOriginAllowed(context, services.Options.AllowedOrigins, out var origin))
        {
            log.OriginRefused(remote, origin);
            response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        // A browser's XMLHttpRequest from another origin (the web app served elsewhere) may read the answer.
        response.Headers.AccessControlAllowOrigin = string.IsNullOrEmpty(origin) || services.Options.AllowedOrigins.Length == 0 ? "*" : origin;
        var sid = context.Request.Query["sid"].ToString();
        if (sid.Length == 0)
        {
            await StartAsync(context, remote, registry, services, limiter, log, lifetime, now);
            return;
        }

        var connection = registry.Find(sid);
        if (connection is null || connection.Socket.IsFinished)
        {
            if (connection is not null)
            {
                registry.Remove(connection);
            }

            log.LongPollSessionNotFound(remote);
            await WriteAsync(response, StatusCodes.Status403Forbidden, Replies.Ctrl(null, null, CtrlCode.SessionNotFound, now));
            return;
        }

        connection.BeginRequest(clock.GetTimestamp());
        try
        {
            if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
            {
                await ReceiveAsync(context, connection, services.Options.MaxMessageSize, remote, log, now);
            }
            else
            {
                await PollAsync(context, connection, options.Value.PollTimeout, clock);
            }
        }
        finally
        {
            connection.EndRequest(clock.GetTimestamp());
        }
    }

    /// <summary>A new session, counted against the connection limits like a WebSocket, running until it closes or is abandoned.</summary>
    private static async Task StartAsync(HttpContext context, string remote, LongPollRegistry registry, SessionServices services,
        ConnectionLimiter limiter, TransportLog log, IHostApplicationLifetime lifetime, DateTime now)
    {
        var refusal = lifetime.ApplicationStopping.IsCancellationRequested ? "server shutting down"
            : !limiter.TryAcquire(remote) ? "connection limit reached"
            : null;
        if (refusal is not null)
        {
            log.LongPollRefused(remote, refusal);
            await WriteAsync(context.Response, StatusCodes.Status503ServiceUnavailable, Replies.Ctrl(null, null, CtrlCode.ServiceUnavailable, now));
            return;
        }

        var socket = new LongPollSocket();
        var session = new Session(socket, null, services, remote);
        var connection = registry.Add(socket, session.Id);

        // The session outlives this request: it must not carry the request's context (its scope, its activity).
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunAsync(session, connection, registry, services, limiter, remote));
        }

        var id = context.Request.Query["id"].ToString();
        await WriteAsync(context.Response, StatusCodes.Status201Created,
            Replies.Ctrl(id.Length == 0 ? null : id, null, CtrlCode.Created, now, new CtrlParams { Sid = connection.Sid }));
    }

    private static async Task RunAsync(Session session, LongPollConnection connection, LongPollRegistry registry, SessionServices services,
        ConnectionLimiter limiter, string remote)
    {
        using var slot = new ConnectionSlot(limiter, remote);
        using var scope = services.Log.BeginScope(session);
        services.Log.Connected(session.Id, remote);
        try
        {
            await session.RunAsync();
        }
        finally
        {
            services.Log.Closed(session.Id);
            if (connection.Socket.IsFinished)
            {
                registry.Remove(connection);
            }
        }
    }

    /// <summary>One client frame: up to <c>Broker:MaxMessageSize</c> bytes, else 417 (declared) or 400 (sent), as Tinode answers.</summary>
    private static async Task ReceiveAsync(HttpContext context, LongPollConnection connection, int limit, string remote, TransportLog log, DateTime now)
    {
        var request = context.Request;
        var id = request.Query["id"].ToString();
        if (request.ContentLength > limit)
        {
            log.LongPollRefused(remote, "request too large");
            await WriteAsync(context.Response, StatusCodes.Status417ExpectationFailed, Replies.Ctrl(id.Length == 0 ? null : id, null, CtrlCode.Malformed, now));
            return;
        }

        var frame = await ReadBodyAsync(request.Body, limit, context.RequestAborted);
        if (frame is null)
        {
            log.LongPollRefused(remote, "request too large");
            await WriteAsync(context.Response, StatusCodes.Status400BadRequest, Replies.Ctrl(id.Length == 0 ? null : id, null, CtrlCode.Malformed, now));
            return;
        }

        if (frame.Length > 0 && !await connection.Socket.PostAsync(frame, context.RequestAborted))
        {
            await WriteAsync(context.Response, StatusCodes.Status403Forbidden, Replies.Ctrl(null, null, CtrlCode.SessionNotFound, now));
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (it is never read past one byte more).</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, 16 * 1024));
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(count, Math.Min(buffer.Length, limit + 1) - count), cancellationToken);
                if (read == 0)
                {
                    return buffer.AsSpan(0, count).ToArray();
                }

                count += read;
                if (count > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Waits for the next server frame: it is the whole answer (one frame per response, as Tinode's clients parse it).</summary>
    private static async Task PollAsync(HttpContext context, LongPollConnection connection, TimeSpan timeout, TimeProvider clock)
    {
        using var wait = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, context.RequestAborted);
        byte[]? frame;
        try
        {
            frame = await connection.Socket.PollAsync(linked.Token);
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // Nothing to say within the poll timeout: an empty answer, and the client polls again.
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        catch (OperationCanceledException)
        {
            // The client went away while waiting.
            return;
        }

        if (frame is null)
        {
            await WriteAsync(context.Response, StatusCodes.Status403Forbidden,
                Replies.Ctrl(null, null, CtrlCode.SessionNotFound, clock.GetUtcNow().UtcDateTime));
            return;
        }

        await WriteAsync(context.Response, StatusCodes.Status200OK, frame);
    }

    private static async Task WriteAsync(HttpResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }
}
