namespace Broker.Storage.Sqlite;

/// <summary>Options of the SQLite backend (<c>Storage:Sqlite</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; its folder and the file are created on first start.</summary>
    public string Path { get; set; } = "data/broker.db";

    /// <summary>Past how many holders a searched tag is common (see RelationalTagIndex); tests lower it.</summary>
    internal int CommonTagHolders { get; init; } = Relational.RelationalTagIndex.DefaultCommonHolders;
}
