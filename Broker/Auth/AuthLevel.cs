namespace Broker.Auth;

/// <summary>Tinode's authentication levels.</summary>
internal enum AuthLevel
{
    None = 0,
    Anon = 10,
    Auth = 20,
    Root = 30,
}
