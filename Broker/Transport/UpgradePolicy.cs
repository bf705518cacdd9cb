using Microsoft.Net.Http.Headers;

namespace Broker.Transport;

/// <summary>Checks made on a WebSocket upgrade request before it is accepted.</summary>
internal static class UpgradePolicy
{
    /// <summary>
    /// True when <paramref name="allowed"/> is empty, the request carries no <c>Origin</c> (not a browser), or its origin
    /// matches one of <paramref name="allowed"/> (scheme, host and port, case-insensitive; a trailing slash is ignored).
    /// </summary>
    public static bool IsOriginAllowed(HttpContext context, string[] allowed, out string origin)
    {
        origin = context.Request.Headers[HeaderNames.Origin].ToString();
        if (allowed.Length == 0 || string.IsNullOrEmpty(origin))
        {
            return true;
        }

        var candidate = origin.TrimEnd('/');
        foreach (var entry in allowed)
        {
            if (string.Equals(entry.TrimEnd('/'), candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
