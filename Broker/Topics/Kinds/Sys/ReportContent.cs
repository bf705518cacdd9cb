using System.Text.Json;

namespace Broker.Topics;

/// <summary>
/// What a report names: tinode-js's <c>report(action, target)</c> sends a Drafty document whose one entity is a JSON
/// attachment, <c>{ent:[{tp:"EX", data:{mime:"application/json", val:{action, target}}}]}</c>.
/// </summary>
internal static class ReportContent
{
    /// <summary>Longest action or target kept (a topic name is far shorter).</summary>
    private const int MaxLength = 64;

    public static (string? Action, string? Target) Read(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Object || !content.TryGetProperty("ent", out var entities) || entities.ValueKind != JsonValueKind.Array)
        {
            return (null, null);
        }

        foreach (var entity in entities.EnumerateArray())
        {
            if (entity.ValueKind == JsonValueKind.Object
                && entity.TryGetProperty("tp", out var tp) && tp.ValueEquals("EX")
                && entity.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("mime", out var mime) && mime.ValueEquals("application/json")
                && data.TryGetProperty("val", out var val) && val.ValueKind == JsonValueKind.Object)
            {
                return (Text(val, "action"), Text(val, "target"));
            }
        }

        return (null, null);
    }

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 and <= MaxLength } s ? s : null;
}
