using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// The <c>sys</c> topic: any user may publish to it without subscribing (Tinode's apps send "Report" there); each
/// message is stored as an abuse report, acknowledged 202 with the report's id as <c>seq</c>, and announced as a
/// <c>report.created</c> webhook. Nobody subscribes (Tinode allows root only, and Broker has no root accounts); the
/// reports are read through the server API.
/// </summary>
internal sealed class SysTopic(string name, Hub hub, TopicServices services) : TopicActor(name, hub, services)
{
    protected override int AttachedCount => 0;

    protected override Task<bool> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    protected override async Task HandlePublishBatchAsync(List<PublishCommand> batch, CancellationToken cancellationToken)
    {
        foreach (var command in batch)
        {
            await StoreReportAsync(command, cancellationToken);
        }
    }

    private async Task StoreReportAsync(PublishCommand command, CancellationToken cancellationToken)
    {
        var reporter = command.Origin.User;
        if (command.Pub.Content is not { } content)
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        var (action, target) = ReportContent.Read(content);
        var report = new ReportRecord(0, reporter.Value, Now(), action, target, ConversationTopic.HeadText(command.Pub.Head), content.GetRawText());
        try
        {
            report = report with { Id = await Services.Store.Reports.AddAsync(report, cancellationToken) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Services.Log.ReportFailed(ex, reporter.ToString());
            Reply(command, CtrlCode.InternalError);
            return;
        }

        Services.Log.ReportStored(report.Id, reporter.ToString(), target);
        Services.Events.ReportCreated(report);
        Reply(command, CtrlCode.Accepted, new CtrlParams { Seq = report.Id });
    }

    protected override Task HandleAsync(TopicCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case LeaveCommand leave:
                Reply(command, leave.Leave.Unsub ? CtrlCode.MustAttachFirst : CtrlCode.NotJoined);
                break;
            case UserDeletedCommand deleted:
                // Reports outlive their reporter: they are evidence for the operators.
                deleted.Done.TrySetResult();
                break;
            case AdminCommand admin:
                admin.Fail(CtrlCode.OperationNotAllowed);
                break;
            case SubscribeCommand or GetCommand or SetCommand or DelCommand:
                // Reading or changing sys is for root in Tinode; Broker has no root accounts.
                Reply(command, CtrlCode.PermissionDenied);
                break;
        }

        return Task.CompletedTask;
    }

    protected override void RejectMissing(TopicCommand command) => Reply(command, CtrlCode.TopicNotFound);
}
