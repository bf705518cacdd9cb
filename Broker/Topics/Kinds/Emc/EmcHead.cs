using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Topics;

/// <summary>
/// The <c>emc</c> object of a message head: <c>channel</c>, <c>to</c>, <c>from</c> (inbound), <c>direction</c>
/// (<c>in</c> or <c>out</c>) and, once the gateway reported it, <c>status</c> and <c>reason</c>.
/// </summary>
internal static class EmcHead
{
    public const string Key = "emc";

    /// <summary>Longest phone number or address accepted in <c>to</c> and <c>from</c>.</summary>
    public const int MaxAddressLength = 256;

    /// <summary>
    /// Reads the <c>emc</c> of a client's <c>{pub}</c> head: <c>to</c> is required, <c>channel</c> must be one of
    /// <paramref name="channels"/> (the first when omitted). <paramref name="head"/> becomes the stored head, with
    /// <c>direction:"out"</c> and without <c>sender</c>.
    /// </summary>
    public static bool TryOutbound(Dictionary<string, JsonElement>? head, IReadOnlyList<string> channels, out string? stored)
    {
        stored = null;
        if (head is null || !head.TryGetValue(Key, out var emc) || emc.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (!TryAddress(emc, "to", out var to) || to is null)
        {
            return false;
        }

        string channel;
        if (!emc.TryGetProperty("channel", out var channelValue) || channelValue.ValueKind == JsonValueKind.Null)
        {
            channel = channels[0];
        }
        else if (channelValue.ValueKind != JsonValueKind.String || !channels.Contains(channelValue.GetString()!, StringComparer.Ordinal))
        {
            return false;
        }
        else
        {
            channel = channelValue.GetString()!;
        }

        stored = Build(head, new JsonObject { ["channel"] = channel, ["to"] = to, ["direction"] = "out" });
        return true;
    }

    /// <summary>The stored head of an inbound message: the gateway's head with <c>emc</c> set to what it reported.</summary>
    public static string Inbound(Dictionary<string, JsonElement>? head, string channel, string from, string? to)
    {
        var emc = new JsonObject { ["channel"] = channel, ["from"] = from };
        if (to is not null)
        {
            emc["to"] = to;
        }

        emc["direction"] = "in";
        return Build(head, emc);
    }

    /// <summary>True when <paramref name="head"/> is that of a message sent out through the gateway.</summary>
    public static bool IsOutbound(string? head) =>
        head is not null && JsonNode.Parse(head) is JsonObject root && root[Key] is JsonObject emc && TextOf(emc["direction"]) == "out";

    /// <summary>The <c>channel</c> and <c>to</c> of a stored head's <c>emc</c>, null when absent.</summary>
    public static (string? Channel, string? To) RouteOf(string? head)
    {
        if (head is null || JsonNode.Parse(head) is not JsonObject root || root[Key] is not JsonObject emc)
        {
            return (null, null);
        }

        return (TextOf(emc["channel"]), TextOf(emc["to"]));
    }

    private static string? TextOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary><paramref name="head"/> with <c>emc.status</c> (and <c>emc.reason</c>, removed when null) replaced.</summary>
    public static string WithStatus(string head, string status, string? reason)
    {
        var root = (JsonObject)JsonNode.Parse(head)!;
        var emc = (JsonObject)root[Key]!;
        emc["status"] = status;
        if (reason is null)
        {
            emc.Remove("reason");
        }
        else
        {
            emc["reason"] = reason;
        }

        return root.ToJsonString();
    }

    /// <summary>An optional string address of the emc object; false when present but not a short string.</summary>
    private static bool TryAddress(JsonElement emc, string name, out string? value)
    {
        value = null;
        if (!emc.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 and <= MaxAddressLength } text)
        {
            return false;
        }

        value = text;
        return true;
    }

    private static string Build(Dictionary<string, JsonElement>? head, JsonObject emc)
    {
        var root = new JsonObject();
        if (head is not null)
        {
            foreach (var (name, value) in head)
            {
                if (name is not Key and not "sender")
                {
                    root[name] = JsonNode.Parse(value.GetRawText());
                }
            }
        }

        root[Key] = emc;
        return root.ToJsonString();
    }
}
