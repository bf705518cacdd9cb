namespace Broker.Storage;

/// <summary>One delete transaction: hard (<c>ForUser</c> null) or soft for one user.</summary>
public sealed record DeletionRecord(string Topic, long DelId, long? ForUser, IReadOnlyList<SeqRange> Ranges);
