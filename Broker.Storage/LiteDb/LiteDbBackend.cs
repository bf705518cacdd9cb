namespace Broker.Storage.LiteDb;

/// <summary>
/// Builds the LiteDB backend (<c>Storage:Provider=litedb</c>): one embedded data file and its journal, opened by
/// this process alone. Call <see cref="IStoreAdmin.MigrateAsync"/> before use and dispose the backend at shutdown.
/// </summary>
public static class LiteDbBackend
{
    public static StorageBackend Create(LiteDbStoreOptions options) => Create(options, LiteDbAppendCommitter.MaxAppendsPerCommit);

    /// <param name="options">The file.</param>
    /// <param name="maxAppendsPerCommit">How many topics' appends may share one transaction (1 = one each; benchmarks compare).</param>
    internal static StorageBackend Create(LiteDbStoreOptions options, int maxAppendsPerCommit)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        var database = new LiteDbDatabase(options.Path);
        return new StorageBackend(
            new LiteDbUserStore(database),
            new LiteDbTopicStore(database),
            new LiteDbSubscriptionStore(database),
            new LiteDbMessageStore(database, maxAppendsPerCommit),
            new LiteDbOutboxStore(database),
            new LiteDbStoreAdmin(database))
        {
            Tags = new LiteDbTagIndex(database),
            Reports = new LiteDbReportStore(database),
        };
    }
}
