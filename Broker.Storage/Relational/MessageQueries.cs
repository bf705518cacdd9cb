namespace Broker.Storage.Relational;

/// <summary>
/// One dialect's SQL for <see cref="RelationalMessageStore"/>. <c>InsertMessages</c> either inserts one row
/// (@Topic, @Seq, @From, @Ts, @Head, @Content) or, when <c>InsertsArrays</c>, the whole batch from parallel arrays
/// (@Topic, @First, @FromUsers, @Timestamps, @Heads, @Contents). <c>LockTopic</c> locks the topic's row (where the
/// dialect can) and answers its epoch. <c>ReplaceHead</c> and <c>AdvanceDelId</c> carry the fence of a topic write
/// (@FenceTopic, @Epoch; see <see cref="CommonQueries.Fence"/>).
/// </summary>
internal sealed record MessageQueries(
    string LockTopic,
    string AdvanceSeq,
    string AdvanceSeqFenced,
    string InsertMessages,
    bool InsertsArrays,
    string RaiseSenderMarkers,
    string SelectMessageKey,
    string UpsertMessageKey,
    string InsertOutbox,
    string ReplaceHead,
    string SelectMessages,
    string AdvanceDelId,
    string InsertDeletionRange,
    string HardDeleteRange,
    string DeleteOutboxRange,
    string SelectDeletions);
