using System.Text.Json.Serialization;

namespace Broker.Storage.Relational;

[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
