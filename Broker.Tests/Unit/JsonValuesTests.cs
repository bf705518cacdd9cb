using System.Text.Json;
using Broker.Json;

namespace Broker.Tests.Unit;

public sealed class JsonValuesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Objects_are_deep_merged_and_the_clear_marker_removes_members()
    {
        var merged = JsonValues.Merge("""{"fn":"Alice","photo":{"type":"png","data":"x"},"note":"n"}""",
            Json("""{"fn":"Alicia","photo":{"data":"y"},"note":"\u2421"}"""));

        Assert.Equal("""{"fn":"Alicia","photo":{"type":"png","data":"y"}}""", merged);
    }

    [Fact]
    public void The_clear_marker_alone_clears_the_value()
    {
        Assert.Null(JsonValues.Merge("""{"fn":"Alice"}""", Json("\"\u2421\"")));
    }

    [Fact]
    public void A_non_object_replaces_the_value()
    {
        Assert.Equal("\"plain\"", JsonValues.Merge("""{"fn":"Alice"}""", Json("\"plain\"")));
        Assert.Equal("""{"fn":"Bob"}""", JsonValues.Merge(null, Json("""{"fn":"Bob","x":"\u2421"}""")));
    }
}
