using System.Text.Json;

namespace Broker.Bench.Load.Protocol;

/// <summary>A <c>{ctrl}</c> answering a setup request (slow path, parsed with <see cref="JsonDocument"/>).</summary>
internal sealed record CtrlReply(string? Id, int Code, string Text, string? Topic, JsonElement? Params)
{
    public bool IsSuccess => Code is >= 200 and < 300;

    public string? Param(string name) =>
        Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    public static CtrlReply Parse(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        using var doc = JsonDocument.ParseValue(ref reader);
        var ctrl = doc.RootElement.GetProperty("ctrl");
        var id = ctrl.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var code = ctrl.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
        var text = ctrl.TryGetProperty("text", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        var topic = ctrl.TryGetProperty("topic", out var tp) ? tp.GetString() : null;
        JsonElement? parameters = ctrl.TryGetProperty("params", out var p) ? p.Clone() : null;
        return new CtrlReply(id, code, text, topic, parameters);
    }

    public override string ToString() => $"{Code} {Text}";
}
