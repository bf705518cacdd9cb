namespace Broker.Topics;

/// <summary>
/// A credential was confirmed or removed outside the <c>me</c> actor (during <c>{login}</c> or <c>{acc}</c>): the actor,
/// which owns the user record, adds or removes its <c>method:value</c> tag.
/// </summary>
internal sealed record CredentialTagsCommand(TopicTarget Target, string? Add, string? Remove) : AdminCommand(Target);
