namespace Broker.Storage;

/// <summary>A user's credential such as an email address; <c>Done</c> when validated.</summary>
public sealed record CredentialRecord(long UserId, string Method, string Value, bool Done);
