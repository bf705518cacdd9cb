using System.Text.Json.Serialization;

namespace Broker.Auth;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SmsRequest))]
internal sealed partial class CodeDeliveryJsonContext : JsonSerializerContext;
