using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Broker.Topics;

namespace Broker.Admin;

/// <summary>Reading request bodies and writing replies of the admin API; every error is <c>{"error":"…"}</c>.</summary>
internal static class AdminHttp
{
    public static IResult Error(int status, string message) =>
        TypedResults.Json(new AdminError(message), AdminJsonContext.Default.AdminError, statusCode: status);

    public static IResult Json<T>(int status, T value, JsonTypeInfo<T> type) =>
        TypedResults.Json(value, type, statusCode: status);

    /// <summary>Turns a topic actor's reply into a response; <paramref name="map"/> converts the value when needed.</summary>
    public static IResult From(AdminReply reply, Func<object, object>? map = null)
    {
        if (reply.Error is not null)
        {
            return Error(reply.Status, reply.Error);
        }

        if (reply.Value is null)
        {
            return reply.Status == StatusCodes.Status204NoContent ? TypedResults.NoContent() : TypedResults.StatusCode(reply.Status);
        }

        var value = map is null ? reply.Value : map(reply.Value);
        return Results.Json(value, AdminJsonContext.Default.GetTypeInfo(value.GetType())!, statusCode: reply.Status);
    }

    /// <summary>Reads a JSON object body; on failure <c>Error</c> is the 400 to return.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken);
            return value is null ? (null, Error(400, "the body must be a JSON object")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Error(400, "malformed JSON: " + ex.Message));
        }
    }
}
