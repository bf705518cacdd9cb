namespace Broker.Storage.LiteDb;

/// <summary>Options of the LiteDB backend (<c>Storage:LiteDb</c>).</summary>
public sealed class LiteDbStoreOptions
{
    /// <summary>The data file; its folder, the file and its <c>-log</c> journal beside it are created on first start.</summary>
    public string Path { get; set; } = "data/broker.litedb";
}
