using System.Security.Cryptography;
using System.Text;

namespace Broker.Admin;

/// <summary>
/// Lets a request through only with the admin key, as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Admin-Key</c>.
/// Both sides are hashed before a fixed-time comparison, so neither the content nor the length of the key leaks
/// through timing. The key is never logged.
/// </summary>
internal sealed class AdminKeyFilter(string key) : IEndpointFilter
{
    private readonly byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        var presented = headers["X-Admin-Key"].ToString();
        var authorization = headers.Authorization.ToString();
        if (string.IsNullOrEmpty(presented) && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (string.IsNullOrEmpty(presented) || !CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(AdminHttp.Error(StatusCodes.Status401Unauthorized, "admin key required"));
        }

        return next(context);
    }
}
