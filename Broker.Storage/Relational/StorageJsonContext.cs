using System.Text.Json.Serialization;

namespace Broker.Storage.Relational;

[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(UserRateLimits))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
