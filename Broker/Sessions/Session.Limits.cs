using Broker.Auth;
using Broker.Options;
using Broker.Protocol.Client;
using Broker.Protocol.Server;

namespace Broker.Sessions;

/// <summary>Per-session limits: outbox bytes, frame and publish rates (the user's own or the defaults), failed-credential throttling, attached topics.</summary>
internal sealed partial class Session
{
    /// <summary>The process budget counts each session's backlog in whole chunks of this many bytes (2^12 = 4 KiB).</summary>
    private const int BudgetChunkShift = 12;

    private long queuedBytes;
    private bool bucketsReady;
    private TokenBucket? frameBucket;
    private TokenBucket? pubBucket;
    private FloodWatch? floodWatch;
    private volatile RateLimitSettings? userLimits;
    private bool loggedLockout;

    /// <summary>Bytes queued in the outbox and not yet handed to the socket.</summary>
    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

    /// <summary>Topics this session is attached to.</summary>
    public int AttachedCount => attached.Count;

    /// <summary>False when the session is attached to as many topics as it may be (a further {sub} answers 422).</summary>
    public bool CanAttachAnother => attached.Count < services.Options.MaxAttachedTopicsPerSession;

    /// <summary>
    /// Replaces the rate limits of this session with its user's own (null: the configured defaults); the read loop
    /// takes them before the next frame.
    /// </summary>
    public void ApplyUserLimits(RateLimitSettings? limits)
    {
        if (Equals(userLimits, limits))
        {
            // Unchanged (most logins: no limits of their own): the buckets keep what they hold.
            return;
        }

        userLimits = limits;
        Volatile.Write(ref bucketsReady, false);
    }

    /// <summary>
    /// Counts one frame of <paramref name="length"/> bytes against the session's byte budget; one frame is always
    /// allowed into an empty outbox. False, with nothing counted, when the budget would be passed.
    /// </summary>
    private bool ReserveOutbox(int length)
    {
        var after = Interlocked.Add(ref queuedBytes, length);
        CountTowardsBudget(after - length, after);
        if (after <= services.Options.OutboxMaxBytes || after == length)
        {
            return true;
        }

        ReleaseOutbox(length);
        return false;
    }

    /// <summary>Counts a frame whatever the budget (the replies queued while the session closes).</summary>
    private void ReserveOutboxUnbounded(int length)
    {
        var after = Interlocked.Add(ref queuedBytes, length);
        CountTowardsBudget(after - length, after);
    }

    /// <summary>Releases what <see cref="ReserveOutbox"/> counted, once the frame left the outbox.</summary>
    private void ReleaseOutbox(int length)
    {
        var after = Interlocked.Add(ref queuedBytes, -length);
        CountTowardsBudget(after + length, after);
    }

    /// <summary>
    /// Tells the process budget when this session's backlog crossed a chunk boundary. Each change of the counter is
    /// atomic, so the chunk counts of all changes add up to the backlog's whole chunks; a session that keeps up (a
    /// backlog under one chunk) never touches the shared counter.
    /// </summary>
    private void CountTowardsBudget(long before, long after)
    {
        var chunks = (after >> BudgetChunkShift) - (before >> BudgetChunkShift);
        if (chunks != 0)
        {
            services.OutboxBudget.Add(chunks << BudgetChunkShift);
        }
    }

    /// <summary>
    /// Takes a token for one frame (and one publish for <c>{pub}</c>); false when over the rate, and the caller
    /// answers 429. A session whose refusals go on past <see cref="Options.RateLimitOptions.FloodTimeout"/> is closed
    /// with 1008 once what is under way is answered.
    /// </summary>
    private bool TryAdmit(ClientFrameKind kind)
    {
        if (!Volatile.Read(ref bucketsReady))
        {
            PrepareBuckets();
        }

        var now = services.Clock.GetTimestamp();
        if ((frameBucket?.TryTake(now) ?? true) && (kind != ClientFrameKind.Pub || (pubBucket?.TryTake(now) ?? true)))
        {
            floodWatch?.Admitted(now);
            return true;
        }

        if (floodWatch!.Refused(now))
        {
            CloseFlooding();
        }

        return false;
    }

    /// <summary>(Re)builds the buckets from the user's limits, or from the configured defaults.</summary>
    private void PrepareBuckets()
    {
        Volatile.Write(ref bucketsReady, true);
        var defaults = services.RateLimits;
        var limits = userLimits ?? services.DefaultRateLimits;
        frameBucket = limits.FramesPerSecond > 0 ? new TokenBucket(limits.FramesPerSecond, limits.FrameBurst, services.Clock) : null;
        pubBucket = limits.PubPerSecond > 0 ? new TokenBucket(limits.PubPerSecond, limits.PubBurst, services.Clock) : null;
        floodWatch ??= new FloodWatch(defaults.FloodTimeout, services.Clock.TimestampFrequency);
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
