using Broker.Json;
using Broker.Protocol.Access;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// <c>slf</c>, the user's saved messages (Tinode 0.25): stored as <c>slf</c> + the user id's characters, created on
/// the owner's first <c>{sub topic:"slf"}</c> with mode <c>JRWDO</c>, named <c>slf</c> in every frame.
/// </summary>
internal partial class ConversationTopic
{
    /// <summary>Tinode's ModeCSelf.</summary>
    private const AccessMode SelfMode = AccessMode.Join | AccessMode.Read | AccessMode.Write | AccessMode.Delete | AccessMode.Owner;

    private async Task<Member?> CreateSelfAsync(SubscribeCommand command, CancellationToken cancellationToken)
    {
        var owner = command.Origin.User.Value;
        var now = Now();
        var record = new TopicRecord
        {
            Name = Name,
            Created = now,
            Updated = now,
            Touched = now,
            Owner = owner,
            DefaultAuth = SelfMode,
            DefaultAnon = AccessMode.None,
        };
        var sub = new SubscriptionRecord
        {
            Topic = Name,
            UserId = owner,
            Created = now,
            Updated = now,
            Want = SelfMode,
            Given = SelfMode,
            Private = command.Sub.Set?.Desc?.Private is { } priv ? JsonValues.Merge(null, priv) : null,
        };
        await CreateTopicAsync(record, [sub], command.Origin.User.ToString(), cancellationToken);
        return members[owner];
    }
}
