using System.Text.Json;
using Broker.Storage;

namespace Broker.Admin;

/// <summary>Reads and checks the <c>rateLimits</c> of <c>PATCH /v0/admin/users/{id}</c>.</summary>
internal static class UserRateLimitsRequest
{
    private const double MaxRate = 10_000_000;
    private const int MaxBurst = 10_000_000;

    /// <summary>
    /// <c>null</c> clears the user's limits; an object sets them (<c>pubPerSecond</c>, <c>pubBurst</c>,
    /// <c>framesPerSecond</c>, <c>frameBurst</c>; a rate of 0 = no limit, a value left out = the default).
    /// </summary>
    public static bool TryRead(JsonElement json, out UserRateLimits? limits, out string error)
    {
        limits = null;
        error = string.Empty;
        if (json.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "rateLimits must be an object or null";
            return false;
        }

        UserRateLimits? read;
        try
        {
            read = json.Deserialize(AdminJsonContext.Default.UserRateLimits);
        }
        catch (JsonException)
        {
            error = "rateLimits: pubPerSecond and framesPerSecond are numbers, pubBurst and frameBurst whole numbers";
            return false;
        }

        if (read is null
            || read.PubPerSecond is < 0 or > MaxRate || read.FramesPerSecond is < 0 or > MaxRate
            || read.PubBurst is < 1 or > MaxBurst || read.FrameBurst is < 1 or > MaxBurst)
        {
            error = $"rateLimits: rates from 0 (no limit) to {MaxRate:0}, bursts from 1 to {MaxBurst}";
            return false;
        }

        limits = read;
        return true;
    }
}
