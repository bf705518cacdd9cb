using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Json;

/// <summary>
/// Tinode's update rules for free-form JSON values: the string <c>"␡"</c> clears a value, objects are deep-merged
/// into the existing value and a member set to <c>"␡"</c> is removed.
/// </summary>
internal static class JsonValues
{
    public const string ClearMarker = "\u2421";

    public static bool IsClear(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.ValueEquals(ClearMarker);

    /// <summary>The stored text of a client value: null for absent or JSON null.</summary>
    public static string? ToText(JsonElement? value) =>
        value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } v ? v.GetRawText() : null;

    /// <summary>Applies <paramref name="update"/> to <paramref name="existing"/>; returns the new stored text.</summary>
    public static string? Merge(string? existing, JsonElement update)
    {
        if (IsClear(update))
        {
            return null;
        }

        if (update.ValueKind != JsonValueKind.Object || existing is null)
        {
            return update.ValueKind == JsonValueKind.Object ? StripClears(update) : update.GetRawText();
        }

        var current = JsonNode.Parse(existing);
        if (current is not JsonObject target)
        {
            return StripClears(update);
        }

        MergeInto(target, update);
        return target.ToJsonString();
    }

    private static void MergeInto(JsonObject target, JsonElement update)
    {
        foreach (var member in update.EnumerateObject())
        {
            if (IsClear(member.Value))
            {
                target.Remove(member.Name);
            }
            else if (member.Value.ValueKind == JsonValueKind.Object && target[member.Name] is JsonObject nested)
            {
                MergeInto(nested, member.Value);
            }
            else
            {
                target[member.Name] = JsonNode.Parse(member.Value.ValueKind == JsonValueKind.Object
                    ? StripClears(member.Value)
                    : member.Value.GetRawText());
            }
        }
    }

    private static string StripClears(JsonElement value)
    {
        var node = new JsonObject();
        MergeInto(node, value);
        return node.ToJsonString();
    }
}
