namespace Broker.Storage;

/// <summary>
/// A history page: seqs in [<c>Since</c>, <c>Before</c>) (<c>Before</c> 0 = no upper bound), optionally only within
/// <c>Ranges</c>, newest first, at most <c>Limit</c>.
/// </summary>
public sealed record MessageQuery(long Since, long Before, int Limit, IReadOnlyList<SeqRange>? Ranges = null);
