using System.Text.Json.Serialization;

namespace Broker.Bench.Load.Reporting;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadResult))]
internal sealed partial class LoadJsonContext : JsonSerializerContext;
