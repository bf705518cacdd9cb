using System.Data.Common;

namespace Broker.Storage.Relational;

/// <summary>The statements of an append on one connection, created on first use.</summary>
internal sealed class AppendCommands(DbConnection connection, MessageQueries queries) : IAsyncDisposable
{
    private PreparedCommand? lockTopic;
    private PreparedCommand? selectMessageKey;
    private PreparedCommand? advanceSeq;
    private PreparedCommand? advanceSeqFenced;
    private PreparedCommand? insertMessages;
    private PreparedCommand? raiseSenderMarkers;
    private PreparedCommand? upsertMessageKey;
    private PreparedCommand? insertOutbox;

    public DbConnection Connection => connection;

    public PreparedCommand LockTopic => lockTopic ??= new(connection, queries.LockTopic, ["@Topic"]);

    public PreparedCommand SelectMessageKey => selectMessageKey ??= new(connection, queries.SelectMessageKey, ["@Topic", "@From", "@Key"]);

    public PreparedCommand AdvanceSeq => advanceSeq ??= new(connection, queries.AdvanceSeq, ["@Count", "@Touched", "@Topic"]);

    public PreparedCommand AdvanceSeqFenced => advanceSeqFenced ??= new(connection, queries.AdvanceSeqFenced, ["@Count", "@Touched", "@Topic", "@Epoch"]);

    public PreparedCommand InsertMessages => insertMessages ??= queries.InsertsArrays
        ? new(connection, queries.InsertMessages, ["@Topic", "@First", "@FromUsers", "@Timestamps", "@Heads", "@Contents"])
        : new(connection, queries.InsertMessages, ["@Topic", "@Seq", "@From", "@Ts", "@Head", "@Content"]);

    public PreparedCommand RaiseSenderMarkers => raiseSenderMarkers ??= new(connection, queries.RaiseSenderMarkers, ["@Seq", "@Topic", "@From"]);

    public PreparedCommand UpsertMessageKey => upsertMessageKey ??= new(connection, queries.UpsertMessageKey, ["@Topic", "@From", "@Key", "@Seq", "@Ts"]);

    public PreparedCommand InsertOutbox => insertOutbox ??= new(connection, queries.InsertOutbox, ["@Topic", "@Seq", "@DueAt"]);

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { lockTopic, selectMessageKey, advanceSeq, advanceSeqFenced, insertMessages, raiseSenderMarkers, upsertMessageKey, insertOutbox })
        {
            if (command is not null)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
