namespace Broker.Admin;

/// <summary>A login token for <c>{login scheme:"token" secret:token}</c>.</summary>
internal sealed record TokenView(string User, string Token, DateTime Expires);
