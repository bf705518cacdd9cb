namespace Broker.Options;

/// <summary>Which store backs the broker, bound from the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (default), <c>memory</c> or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    public SqliteSection Sqlite { get; set; } = new();

    public PostgresSection Postgres { get; set; } = new();

    public sealed class SqliteSection
    {
        public string Path { get; set; } = "data/broker.db";
    }

    public sealed class PostgresSection
    {
        public string? ConnectionString { get; set; }
    }
}
