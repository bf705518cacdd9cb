using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// A member's user changed (<c>upd</c>: public or trusted, with the new record; <c>ua</c>: the user agent of its
/// latest session): a loaded group tells its attached sessions, a p2p topic refreshes the peer it shows.
/// </summary>
internal sealed record MemberChangedCommand(long UserId, string What, UserRecord? User, string? UserAgent) : TopicCommand((Sessions.Session?)null);
