using System.Net.WebSockets;
using Broker.Auth;
using Broker.Protocol.Client;
using Broker.Protocol.Server;

namespace Broker.Sessions;

/// <summary>Per-session limits: outbox bytes, frame and publish rates, failed-credential throttling, attached topics.</summary>
internal sealed partial class Session
{
    private long queuedBytes;
    private int queuedFrames;
    private bool bucketsReady;
    private TokenBucket? frameBucket;
    private TokenBucket? pubBucket;
    private int consecutiveRejections;
    private bool loggedLockout;

    /// <summary>Bytes queued in the outbox and not yet handed to the socket.</summary>
    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

    /// <summary>Topics this session is attached to.</summary>
    public int AttachedCount => attached.Count;

    /// <summary>False when the session is attached to as many topics as it may be (a further {sub} answers 422).</summary>
    public bool CanAttachAnother => attached.Count < services.Options.MaxAttachedTopicsPerSession;

    /// <summary>
    /// Counts one frame of <paramref name="length"/> bytes against the outbox bounds (frames and bytes); one frame is
    /// always allowed into an empty outbox. False, with nothing counted, when either bound would be passed.
    /// </summary>
    private bool ReserveOutbox(int length)
    {
        if (Interlocked.Increment(ref queuedFrames) > services.Options.OutboxCapacity)
        {
            Interlocked.Decrement(ref queuedFrames);
            return false;
        }

        var after = Interlocked.Add(ref queuedBytes, length);
        if (after <= services.Options.OutboxMaxBytes || after == length)
        {
            return true;
        }

        ReleaseOutbox(length);
        return false;
    }

    /// <summary>Releases what <see cref="ReserveOutbox"/> counted, once the frame left the outbox.</summary>
    private void ReleaseOutbox(int length)
    {
        Interlocked.Decrement(ref queuedFrames);
        Interlocked.Add(ref queuedBytes, -length);
    }

    /// <summary>Asks every attached topic to drop this session now rather than when its read loop ends.</summary>
    private void DetachAll()
    {
        foreach (var topic in attached.Values)
        {
            topic.Post(new Topics.DetachCommand(this));
        }
    }

    /// <summary>
    /// Takes a token for one frame (and one publish for <c>{pub}</c>); false when over the rate, and the caller answers 429.
    /// A session refused too many times in a row is closed with 1008.
    /// </summary>
    private bool TryAdmit(ClientFrameKind kind)
    {
        if (!bucketsReady)
        {
            var limits = services.RateLimits;
            frameBucket = limits.FramesPerSecond > 0 ? new TokenBucket(limits.FramesPerSecond, limits.FrameBurst, services.Clock) : null;
            pubBucket = limits.PubPerSecond > 0 ? new TokenBucket(limits.PubPerSecond, limits.PubBurst, services.Clock) : null;
            bucketsReady = true;
        }

        if ((frameBucket?.TryTake() ?? true) && (kind != ClientFrameKind.Pub || (pubBucket?.TryTake() ?? true)))
        {
            consecutiveRejections = 0;
            return true;
        }

        if (++consecutiveRejections >= services.RateLimits.MaxConsecutiveRejections)
        {
            services.Log.Flooding(Id, User.ToString(), RemoteAddress);
            Terminate(WebSocketCloseStatus.PolicyViolation, "too many requests");
        }

        return false;
    }

    /// <summary>The 429 reply, telling the client when the next frame would be admitted.</summary>
    private void ReplyTooManyRequests(string? id, string? topic, ClientFrameKind kind)
    {
        var wait = frameBucket?.RetryAfter ?? TimeSpan.Zero;
        if (kind == ClientFrameKind.Pub && pubBucket?.RetryAfter is { } pubWait && pubWait > wait)
        {
            wait = pubWait;
        }

        Reply(id, topic, CtrlCode.TooManyRequests, new CtrlParams { RetryAfterMs = (int)Math.Ceiling(wait.TotalMilliseconds) });
    }

    /// <summary>True (and already answered 429) when the login name or this address is locked out after failures.</summary>
    private bool RefuseLockedOut(string? id, string? login)
    {
        var wait = services.LoginThrottle.RetryAfter(login, RemoteAddress);
        if (wait <= TimeSpan.Zero)
        {
            return false;
        }

        // One warning per session: a client hammering a locked login would otherwise write a line per attempt.
        if (loggedLockout)
        {
            services.Log.LoginThrottledAgain(Id, RemoteAddress, wait);
        }
        else
        {
            loggedLockout = true;
            services.Log.LoginThrottled(Id, RemoteAddress, wait);
        }

        Reply(id, null, CtrlCode.TooManyRequests, new CtrlParams { RetryAfterMs = (int)Math.Min(int.MaxValue, Math.Ceiling(wait.TotalMilliseconds)) });
        return true;
    }

    /// <summary>Counts a failed credential and holds the failed reply back once the failures pile up.</summary>
    private async Task CountFailedCredentialAsync(string? login, CancellationToken cancellationToken)
    {
        var delay = services.LoginThrottle.Failed(login, RemoteAddress);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, services.Clock, cancellationToken);
        }
    }

    private static bool IsCredentialFailure(AuthOutcome outcome) =>
        outcome.Code == CtrlCode.AuthFailed || outcome.Code == CtrlCode.DuplicateCredential;
}
