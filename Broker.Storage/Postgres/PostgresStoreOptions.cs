namespace Broker.Storage.Postgres;

/// <summary>Options of the PostgreSQL backend (<c>Storage:Postgres</c>); the connection string comes from the environment.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>An Npgsql connection string (host, port, database, username, password, pool sizes).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The schema holding the broker's tables, created by <see cref="IStoreAdmin.MigrateAsync"/> when missing;
    /// null uses the connection's search path (normally <c>public</c>). Lower-case letters, digits and underscores.
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>Past how many holders a searched tag is common (see RelationalTagIndex); tests lower it.</summary>
    internal int CommonTagHolders { get; init; } = Relational.RelationalTagIndex.DefaultCommonHolders;
}
