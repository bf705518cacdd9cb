namespace Broker.Topics;

/// <summary>
/// The call whose invite is message <paramref name="Seq"/> ends without a hang-up: nobody answered within
/// <c>Calls:EstablishmentTimeout</c> (<paramref name="TimedOut"/>: missed), or a party's session went away (disconnected).
/// </summary>
internal sealed record CallEndCommand(long Seq, bool TimedOut) : TopicCommand((Sessions.Session?)null);
