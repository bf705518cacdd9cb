namespace Broker.Admin;

/// <summary>How many of the user's sessions attached to <c>me</c> the notification was queued to.</summary>
internal sealed record NotifyView(string User, int Sessions);
