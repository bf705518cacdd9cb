namespace Broker.Storage;

/// <summary>An authentication record: for <c>basic</c>, <c>Unique</c> is the login and <c>Secret</c> the password hash.</summary>
public sealed record AuthRecord(long UserId, string Scheme, string Unique, string Secret, int AuthLevel);
