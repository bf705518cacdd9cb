using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broker.Json;

/// <summary>Source-generated serializers for the host's own JSON (message heads, fnd queries and matched tags).</summary>
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class BrokerJsonContext : JsonSerializerContext;
