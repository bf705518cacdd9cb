using System.Text.Json;

namespace Broker.Tests.Infrastructure;

/// <summary>Small readers and assertions for received frames.</summary>
public static class FrameAssert
{
    /// <summary>The string member <paramref name="name"/>, or null when absent or not a string.</summary>
    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static long? Long(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : null;

    public static bool Has(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out _);

    /// <summary>Asserts a <c>{ctrl}</c> body's code and exact text.</summary>
    public static void Ctrl(JsonElement ctrl, int code, string text)
    {
        Assert.True(
            ctrl.GetProperty("code").GetInt32() == code && ctrl.GetProperty("text").GetString() == text,
            $"expected {code} \"{text}\", got {ctrl.GetRawText()}");
    }

    /// <summary>Asserts an access mode triple, e.g. <c>acs</c> of a desc or a ctrl's params.</summary>
    public static void Acs(JsonElement acs, string? want, string? given, string? mode)
    {
        if (want is not null)
        {
            Assert.Equal(want, acs.Str("want"));
        }

        if (given is not null)
        {
            Assert.Equal(given, acs.Str("given"));
        }

        if (mode is not null)
        {
            Assert.Equal(mode, acs.Str("mode"));
        }
    }
}
