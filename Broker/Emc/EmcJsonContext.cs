using System.Text.Json.Serialization;
using Broker.Protocol.Json;

namespace Broker.Emc;

/// <summary>Source-generated JSON of the gateway posts.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TimestampConverter)])]
[JsonSerializable(typeof(EmcGatewayMessage))]
internal sealed partial class EmcJsonContext : JsonSerializerContext;
