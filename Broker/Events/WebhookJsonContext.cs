using System.Text.Json.Serialization;
using Broker.Protocol.Json;

namespace Broker.Events;

/// <summary>Source-generated JSON of webhook bodies.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TimestampConverter)])]
[JsonSerializable(typeof(BrokerEvent))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
