using System.Text.Json;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// Change a user's public profile and trusted badges (merged by Tinode's rules) and/or account state, through the user's <c>me</c> actor
/// which holds the user record. Suspending or deleting evicts every session of the user.
/// </summary>
internal sealed record AdminUpdateUserCommand(TopicTarget Target, JsonElement? Public, UserState? State) : AdminCommand(Target)
{
    /// <summary>Server-vouched badges (<c>{"verified":true}</c>, <c>{"staff":true}</c>), merged like public.</summary>
    public JsonElement? Trusted { get; init; }
}
