using Broker.Auth;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Files;

/// <summary>
/// Who sends a file request, checked as Tinode's <c>authFileRequest</c> does: the API key as for the WebSocket, then a
/// login token from <c>X-Tinode-Auth: Token …</c> (or <c>Authorization</c>), or from the query
/// <c>?auth=token&amp;secret=…</c> that tinode-js's <c>authorizeURL</c> appends to image links, and as the last resort
/// the cookies <c>auth</c> and <c>secret</c> (Tinode's <c>getHttpAuth</c> order).
/// </summary>
internal static class FileRequestAuth
{
    /// <summary>The user id, or the code to refuse with (403 without the API key, 401 without a valid token).</summary>
    public static async Task<(long UserId, CtrlCode? Refusal)> AuthenticateAsync(
        HttpContext context, ApiKeyValidator apiKeys, TokenService tokens, StorageBackend store, CancellationToken cancellationToken)
    {
        if (!apiKeys.IsAllowed(context))
        {
            return (0, CtrlCode.ApiKeyRequired);
        }

        var (scheme, secret) = Credentials(context.Request);
        if (scheme is null)
        {
            return (0, CtrlCode.AuthRequired);
        }

        if (!string.Equals(scheme, AccountService.TokenScheme, StringComparison.OrdinalIgnoreCase))
        {
            return (0, CtrlCode.UnknownAuthScheme);
        }

        if (!tokens.TryValidate(secret, out var userId, out _, out _))
        {
            return (0, CtrlCode.AuthFailed);
        }

        var user = await store.Users.GetAsync(userId, cancellationToken);
        return user is { State: UserState.Ok } ? (userId, null) : (0, CtrlCode.AuthFailed);
    }

    private static (string? Scheme, string? Secret) Credentials(HttpRequest request)
    {
        foreach (var header in (ReadOnlySpan<string>)["X-Tinode-Auth", "Authorization"])
        {
            var value = request.Headers[header].ToString();
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                return (value[..space], value[(space + 1)..].Trim());
            }
        }

        // First values, as Go's Query().Get reads them (a link authorized twice repeats auth and secret).
        var scheme = request.Query["auth"].FirstOrDefault();
        if (!string.IsNullOrEmpty(scheme))
        {
            // The secret may come URL-safe; a '+' not percent-encoded arrives as a space.
            var secret = (request.Query["secret"].FirstOrDefault() ?? string.Empty).Replace('-', '+').Replace('_', '/').Replace(' ', '+');
            return (scheme, secret);
        }

        return request.Cookies["auth"] is { Length: > 0 } cookieScheme && request.Cookies["secret"] is { Length: > 0 } cookieSecret
            ? (cookieScheme, cookieSecret)
            : (null, null);
    }
}
