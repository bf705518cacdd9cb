using System.Threading.Channels;
using Broker.Protocol.Json;
using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary>
/// One topic's single-reader loop: it owns the topic's state, processes one command at a time, drains consecutive
/// publishes into one batch (one store transaction), logs and survives a failing command, and unloads itself after
/// a period with no attached session.
/// </summary>
internal abstract class TopicActor : ITopicHandle
{
    private readonly Channel<TopicCommand> inbox;
    private ITimer? idleTimer;
    private long lastActivity;
    private bool unloaded;

    protected TopicActor(string name, Hub hub, TopicServices services)
    {
        Name = name;
        Hub = hub;
        Services = services;
        inbox = Channel.CreateBounded<TopicCommand>(new BoundedChannelOptions(services.Options.TopicQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The routable name.</summary>
    public string Name { get; }

    protected Hub Hub { get; }

    protected TopicServices Services { get; }

    /// <summary>Sessions currently attached; the idle timer runs while this is zero.</summary>
    protected abstract int AttachedCount { get; }

    /// <summary>
    /// Queues a command; false when the queue is full (the caller answers 503) or the actor has unloaded (see
    /// <see cref="IsUnloaded"/>; <see cref="Hub.Post"/> then hands the command to the topic's next actor).
    /// </summary>
    public bool Post(TopicCommand command) => inbox.Writer.TryWrite(command);

    /// <summary>
    /// Waits until the queue has room or the actor unloads; false once it has unloaded. Room is not reserved: a
    /// <see cref="Post"/> after it may still find the queue full again.
    /// </summary>
    public ValueTask<bool> WaitForRoomAsync(CancellationToken cancellationToken) => inbox.Writer.WaitToWriteAsync(cancellationToken);

    /// <summary>True once the actor has left the hub and takes no more commands.</summary>
    public bool IsUnloaded => Volatile.Read(ref unloaded);

    /// <summary>
    /// Shutdown: waits (for room in the queue if need be) until everything queued so far, including the publish batch in
    /// progress, is handled and acknowledged. Completes at once for an actor that already unloaded.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var drain = new DrainCommand(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await inbox.Writer.WriteAsync(drain, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return;
        }

        await drain.Done.Task.WaitAsync(cancellationToken);
    }

    public void Start() => _ = Task.Run(RunAsync);

    protected DateTime Now() => TimestampConverter.Truncate(Services.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Loads state; returns false when the topic does not exist (queued commands are then answered by <see cref="RejectMissing"/>).</summary>
    protected abstract Task<bool> LoadAsync(CancellationToken cancellationToken);

    protected abstract Task HandleAsync(TopicCommand command, CancellationToken cancellationToken);

    protected abstract Task HandlePublishBatchAsync(List<PublishCommand> batch, CancellationToken cancellationToken);

    /// <summary>
    /// The publishes queued at the head of the inbox right now (up to <paramref name="max"/>), for a topic that prepares
    /// its next batch while it delivers the last; null when the head is empty or another command, which keeps its place.
    /// </summary>
    protected List<PublishCommand>? TakeQueuedPublishes(int max)
    {
        List<PublishCommand>? taken = null;
        var reader = inbox.Reader;
        while (!unloaded && (taken?.Count ?? 0) < max && reader.TryPeek(out var next) && next is PublishCommand
            && reader.TryRead(out var command))
        {
            (taken ??= []).Add((PublishCommand)command);
        }

        return taken;
    }

    /// <summary>Answers a command addressed to a topic that does not exist.</summary>
    protected abstract void RejectMissing(TopicCommand command);

    private async Task RunAsync()
    {
        using var scope = Services.Log.BeginScope(Name);
        var reader = inbox.Reader;
        bool loaded;
        try
        {
            loaded = await LoadAsync(CancellationToken.None);
            if (loaded)
            {
                Services.Log.Loaded(Name);
            }
        }
        catch (Exception ex)
        {
            Services.Log.LoadFailed(ex, Name);
            Unload(command =>
            {
                if (command is UserDeletedCommand deleted)
                {
                    deleted.Done.TrySetException(ex);
                }

                if (command is AdminCommand admin)
                {
                    admin.Fail(CtrlCode.InternalError);
                }

                command.Session?.Reply(IdOf(command), TargetOf(command)?.ClientName, CtrlCode.InternalError);
            });
            return;
        }

        if (!loaded)
        {
            Unload(RejectMissing);
            return;
        }

        var batch = new List<PublishCommand>();
        var batchMax = Services.Options.PublishBatchMax;
        while (!unloaded && await reader.WaitToReadAsync())
        {
            while (!unloaded && reader.TryRead(out var command))
            {
                if (command is PublishCommand publish)
                {
                    batch.Add(publish);
                    if (batch.Count >= batchMax)
                    {
                        await FlushAsync(batch);
                    }

                    continue;
                }

                await FlushAsync(batch);
                await RunOneAsync(command);
            }

            await FlushAsync(batch);
            ArmIdleTimer();
        }
    }

    private async Task FlushAsync(List<PublishCommand> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        using var activity = Observability.BrokerActivity.Source.StartActivity("publish");
        activity?.SetTag("broker.topic", Name).SetTag("broker.batch.size", batch.Count);
        try
        {
            await HandlePublishBatchAsync(batch, CancellationToken.None);
        }
        catch (Storage.StaleTopicEpochException)
        {
            foreach (var publish in batch)
            {
                publish.Origin.Reply(publish.Pub.Id, publish.Target.ClientName, CtrlCode.ServiceUnavailable);
            }

            StopAsStale();
        }
        catch (Exception ex)
        {
            Services.Log.CommandFailed(ex, Name, nameof(PublishCommand), null);
            foreach (var publish in batch)
            {
                publish.Origin.Reply(publish.Pub.Id, publish.Target.ClientName, CtrlCode.InternalError);
            }
        }

        batch.Clear();
        Interlocked.Exchange(ref lastActivity, Services.Clock.GetTimestamp());
    }

    private async Task RunOneAsync(TopicCommand command)
    {
        if (command is DrainCommand drain)
        {
            drain.Done.TrySetResult();
            return;
        }

        if (command is HandOverCommand handOver)
        {
            var terminated = TerminateAttachments();
            Unload(leftover => Reply(leftover, CtrlCode.ServiceUnavailable));
            handOver.Done.TrySetResult(terminated);
            return;
        }

        if (command is IdleCheckCommand)
        {
            idleTimer?.Dispose();
            idleTimer = null;
            if (AttachedCount == 0 && Services.Clock.GetElapsedTime(Interlocked.Read(ref lastActivity)) >= Services.Options.TopicIdleTimeout)
            {
                Unload(RerouteAfterIdle);
            }

            return;
        }

        Interlocked.Exchange(ref lastActivity, Services.Clock.GetTimestamp());
        using var activity = SpanName(command) is { } span ? Observability.BrokerActivity.Source.StartActivity(span) : null;
        activity?.SetTag("broker.topic", Name);
        try
        {
            await HandleAsync(command, CancellationToken.None);
        }
        catch (Storage.StaleTopicEpochException)
        {
            Reply(command, CtrlCode.ServiceUnavailable);
            StopAsStale();
        }
        catch (Exception ex)
        {
            Services.Log.CommandFailed(ex, Name, command.GetType().Name, command.Session?.Id);
            Reply(command, CtrlCode.InternalError);
        }
    }

    /// <summary>A command that reached this actor after it unloaded goes to a fresh actor for the same topic.</summary>
    private void RerouteAfterIdle(TopicCommand command)
    {
        if (command is UserDeletedCommand deleted)
        {
            Hub.PostUserDeletion(Name, deleted);
        }
        else
        {
            Hub.Reroute(command, TargetOf(command));
        }
    }

    private void ArmIdleTimer()
    {
        if (unloaded || AttachedCount > 0 || idleTimer is not null)
        {
            return;
        }

        idleTimer = Services.Clock.CreateTimer(
            static state => ((TopicActor)state!).Post(new IdleCheckCommand()),
            this,
            Services.Options.TopicIdleTimeout,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Leaves the hub; commands still queued are handed to <paramref name="leftover"/>.</summary>
    protected void Unload(Action<TopicCommand> leftover)
    {
        if (unloaded)
        {
            return;
        }

        Volatile.Write(ref unloaded, true);
        idleTimer?.Dispose();
        var removed = Hub.Remove(this);
        inbox.Writer.TryComplete();
        while (inbox.Reader.TryRead(out var command))
        {
            if (command is DrainCommand drain)
            {
                drain.Done.TrySetResult();
            }
            else if (command is HandOverCommand handOver)
            {
                handOver.Done.TrySetResult(0);
            }
            else if (command is not (IdleCheckCommand or DetachCommand or SubscriptionsChangedCommand))
            {
                leftover(command);
            }
        }

        OnUnloaded();
        Services.Log.Unloaded(Name);
        if (removed)
        {
            Hub.OnActorGone(Name);
        }
    }

    /// <summary>
    /// A newer activation of this topic (another node's, while the cluster's directory settles) claimed it, and the
    /// store refused this one's write: nothing it was asked was acknowledged. It stops as in a hand-over: the attached
    /// sessions get <c>term</c> (and subscribe again, reaching the live activation), what is queued is answered 503.
    /// </summary>
    protected void StopAsStale()
    {
        Services.Log.Fenced(Name);
        TerminateAttachments();
        Unload(leftover => Reply(leftover, CtrlCode.ServiceUnavailable));
    }

    /// <summary>
    /// The topic moves to another node (its grain deactivates): every attached session gets
    /// <c>{pres topic:"me" src:&lt;topic&gt; what:"term"}</c>, so that the client subscribes again (to the topic's next
    /// activation), and is detached. Returns how many were.
    /// </summary>
    protected virtual int TerminateAttachments() => 0;

    /// <summary>The frame that tells a client its attachment to <paramref name="clientName"/> is gone (Tinode's <c>term</c>).</summary>
    protected static byte[] TermFrame(string clientName) =>
        FrameWriter.Write(new MsgPres { Topic = Protocol.Names.TopicNames.Me, Src = clientName, What = "term" });

    /// <summary>
    /// Cluster hand-over: handles what is queued before it, then terminates the attachments and unloads (commands
    /// queued after it are answered 503). Completes with the number of sessions terminated.
    /// </summary>
    public async Task<int> HandOverAsync(CancellationToken cancellationToken)
    {
        var command = new HandOverCommand(new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await inbox.Writer.WriteAsync(command, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return 0;
        }

        return await command.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Last words of an unloading actor (e.g. presence "off").</summary>
    protected virtual void OnUnloaded()
    {
    }

    /// <summary>The span of a client request (<c>subscribe</c>, <c>get</c>, …); none for internal commands.</summary>
    private static string? SpanName(TopicCommand command) => command switch
    {
        SubscribeCommand => "subscribe",
        LeaveCommand => "leave",
        GetCommand => "get",
        SetCommand => "set",
        DelCommand => "del",
        AdminCommand => "admin",
        _ => null,
    };

    protected static string? IdOf(TopicCommand command) => command switch
    {
        SubscribeCommand c => c.Sub.Id,
        LeaveCommand c => c.Leave.Id,
        PublishCommand c => c.Pub.Id,
        GetCommand c => c.Get.Id,
        SetCommand c => c.Set.Id,
        DelCommand c => c.Del.Id,
        _ => null,
    };

    protected static TopicTarget TargetOf(TopicCommand command) => command switch
    {
        SubscribeCommand c => c.Target,
        LeaveCommand c => c.Target,
        PublishCommand c => c.Target,
        GetCommand c => c.Target,
        SetCommand c => c.Target,
        DelCommand c => c.Target,
        NoteCommand c => c.Target,
        AdminCommand c => c.Target,
        _ => null!,
    };

    /// <summary>Acknowledges a stored publish (<c>{ctrl 202 params:{seq}}</c>) to the session that sent it.</summary>
    protected void ReplyAccepted(PublishCommand command, long seq, bool duplicate) =>
        command.Session?.Send(Replies.Accepted(command.Pub.Id, command.Target.ClientName, seq, duplicate,
            TimestampConverter.Truncate(Services.Clock.GetUtcNow().UtcDateTime)));

    /// <summary>Replies to the originator of <paramref name="command"/>: a session, or the admin API's caller.</summary>
    protected static void Reply(TopicCommand command, CtrlCode code, CtrlParams? parameters = null)
    {
        if (command is AdminCommand admin)
        {
            admin.Fail(code);
            return;
        }

        command.Session?.Reply(IdOf(command), TargetOf(command)?.ClientName, code, parameters);
    }
}
