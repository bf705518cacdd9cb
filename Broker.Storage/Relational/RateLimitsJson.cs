using System.Text.Json;

namespace Broker.Storage.Relational;

/// <summary>The <c>rate_limits</c> column: a user's own limits as JSON text, NULL for the defaults.</summary>
internal static class RateLimitsJson
{
    public static string? Serialize(UserRateLimits? limits) =>
        limits is null ? null : JsonSerializer.Serialize(limits, StorageJsonContext.Default.UserRateLimits);

    public static UserRateLimits? Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, StorageJsonContext.Default.UserRateLimits);
}
