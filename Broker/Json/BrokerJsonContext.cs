using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broker.Json;

/// <summary>Source-generated serializers for the host's own JSON (message heads).</summary>
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class BrokerJsonContext : JsonSerializerContext;
