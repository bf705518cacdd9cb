using Broker.Storage.LiteDb;
using Broker.Storage.Postgres;
using Broker.Storage.Sqlite;

namespace Broker.Options;

/// <summary>Which store backs the broker, bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (default), <c>memory</c>, <c>postgres</c> or <c>litedb</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    public SqliteStoreOptions Sqlite { get; set; } = new();

    public PostgresStoreOptions Postgres { get; set; } = new();

    /// <summary>The folder <c>POST /v0/admin/backup</c> writes into; a request names only a file in it.</summary>
    public string BackupPath { get; set; } = "data/backups";

    public LiteDbStoreOptions LiteDb { get; set; } = new();
}
