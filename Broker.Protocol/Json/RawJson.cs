using System.Text.Json.Serialization;

namespace Broker.Protocol.Json;

/// <summary>
/// A JSON value kept as its text and written verbatim: stored content, heads and descriptions go out without being
/// parsed again. The text always comes from a value the parser already validated.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Text)
{
    public static RawJson? From(string? text) => text is null ? null : new RawJson(text);

    public override string ToString() => Text;
}
