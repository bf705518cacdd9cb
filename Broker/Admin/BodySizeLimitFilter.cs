using Microsoft.AspNetCore.Http.Features;

namespace Broker.Admin;

/// <summary>
/// Caps the request body of the endpoints it filters (Kestrel's default is 30 MB): a longer body answers 413 before
/// it is read.
/// </summary>
internal sealed class BodySizeLimitFilter(long maxBytes) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > maxBytes)
        {
            return ValueTask.FromResult<object?>(AdminHttp.Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {maxBytes} bytes"));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        return next(context);
    }
}
