using System.Text.Json;

namespace Broker.Storage.Relational;

/// <summary>Tags are stored as a JSON array of strings.</summary>
internal static class TagsJson
{
    public static string Serialize(IReadOnlyList<string> tags)
    {
        return tags.Count == 0 ? "[]" : JsonSerializer.Serialize([.. tags], StorageJsonContext.Default.StringArray);
    }

    public static IReadOnlyList<string> Deserialize(string? json)
    {
        return string.IsNullOrEmpty(json) || json == "[]"
            ? []
            : JsonSerializer.Deserialize(json, StorageJsonContext.Default.StringArray) ?? [];
    }
}
