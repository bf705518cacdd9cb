using System.Text.Json;
using System.Text.Json.Serialization;
using Broker.Protocol.Client;
using Broker.Protocol.Server;

namespace Broker.Protocol.Json;

/// <summary>Source-generated serializers for every frame. Keys are read case-insensitively, as Go does.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 32,
    Converters = [typeof(TimestampConverter)])]
[JsonSerializable(typeof(ClientMessage))]
[JsonSerializable(typeof(ServerMessage))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string[]))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
