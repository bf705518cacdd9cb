namespace Broker.Auth;

/// <summary>The body POSTed to the SMS webhook.</summary>
internal sealed record SmsRequest(string To, string Text, string Code);
