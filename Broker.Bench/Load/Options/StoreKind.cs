namespace Broker.Bench.Load.Options;

/// <summary>The store of the in-process broker (<c>Storage:Provider</c>).</summary>
internal enum StoreKind
{
    Memory,
    Sqlite,
    LiteDb,
}
