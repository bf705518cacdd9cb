namespace Broker.Bench.Load.Run;

/// <summary>An account the generator created: its user id and the token its other sessions log in with.</summary>
internal sealed record Account(string UserId, string Token, string Login);
