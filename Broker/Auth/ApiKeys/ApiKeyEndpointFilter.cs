using Broker.Protocol.Server;
using Broker.Topics;

namespace Broker.Auth;

/// <summary>
/// Refuses a request without a valid API key with HTTP 403 and Tinode's <c>{ctrl 403 "valid API key required"}</c> body.
/// Add it to any client endpoint: <c>app.MapGet(…).AddEndpointFilter&lt;ApiKeyEndpointFilter&gt;()</c>, or call
/// <see cref="RefuseAsync"/> from a handler that is not an endpoint with filters (the WebSocket upgrade).
/// </summary>
internal sealed class ApiKeyEndpointFilter(ApiKeyValidator validator, TimeProvider clock) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!validator.IsAllowed(context.HttpContext))
        {
            await RefuseAsync(context.HttpContext, clock);
            return Results.Empty;
        }

        return await next(context);
    }

    public static async Task RefuseAsync(HttpContext context, TimeProvider clock)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Replies.Ctrl(null, null, CtrlCode.ApiKeyRequired, clock.GetUtcNow().UtcDateTime));
    }
}
