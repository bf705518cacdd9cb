namespace Broker.Storage.Testing;

/// <summary>Where <see cref="FaultInjectingMessageStore"/> makes an append fail.</summary>
internal enum AppendFault
{
    /// <summary>Throw before the inner store is called: the store never sees the batch.</summary>
    BeforeStore,

    /// <summary>
    /// Hand the inner store a batch whose middle item throws when read. In a batch of three or more, the store has by
    /// then reserved the seqs and written the first rows inside its transaction, so this proves its rollback.
    /// </summary>
    MidBatch,
}
