using Broker.Storage;
using Broker.Topics;

namespace Broker.Files;

/// <summary>
/// Keeps an uploaded avatar (<c>public.photo.ref</c>) while its user or topic uses it: called by the topic after it
/// stored a new <c>public</c>. The update is already stored, so a failure is logged, not reported to the client.
/// </summary>
internal static class AvatarLinks
{
    public static async Task UpdateAsync(TopicServices services, FileOwner owner, string? publicJson, CancellationToken cancellationToken)
    {
        if (services.Store.Files is null)
        {
            return;
        }

        try
        {
            await services.Store.Files.ReplaceAvatarLinksAsync(owner, FileUrls.AvatarIdsIn(publicJson), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            services.Log.FileLinkFailed(ex, owner.Topic.Length > 0 ? owner.Topic : "me");
        }
    }
}
