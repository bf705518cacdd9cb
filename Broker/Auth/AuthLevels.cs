namespace Broker.Auth;

internal static class AuthLevels
{
    public static string Format(AuthLevel level) => level switch
    {
        AuthLevel.Anon => "anon",
        AuthLevel.Auth => "auth",
        AuthLevel.Root => "root",
        _ => string.Empty,
    };
}
