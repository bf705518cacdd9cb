namespace Broker.Storage;

/// <summary>
/// One draft's outcome. New messages' seqs are contiguous in draft order; a duplicate (its idempotency key was
/// already stored, also by an earlier draft of the same batch) stored nothing and carries the first message's seq.
/// </summary>
public readonly record struct AppendedMessage(long Seq, bool Duplicate);
