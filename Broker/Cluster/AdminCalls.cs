using System.Text.Json;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// From an admin command to the <see cref="AdminCall"/> that carries it to its topic's grain, and the reply back.
/// Commands and reply values are plain records of the broker's own assemblies, written as JSON by their public
/// members (tuples by their fields); only types of those assemblies are read back, and only admin commands as commands.
/// </summary>
internal static class AdminCalls
{
    private static readonly JsonSerializerOptions Options = new() { IncludeFields = true };
    private static readonly System.Reflection.Assembly[] Known = [typeof(AdminCommand).Assembly, typeof(Storage.UserRecord).Assembly];

    public static AdminCall ToCall(AdminCommand command) => new()
    {
        Command = command.GetType().FullName!,
        Json = JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), Options),
    };

    /// <summary>The command <paramref name="call"/> carries; null when it names no admin command.</summary>
    public static AdminCommand? FromCall(AdminCall call) =>
        typeof(AdminCommand).Assembly.GetType(call.Command) is { } type && type.IsSubclassOf(typeof(AdminCommand))
            ? JsonSerializer.Deserialize(call.Json, type, Options) as AdminCommand
            : null;

    public static AdminCallReply ToReply(AdminReply reply) => new()
    {
        Status = reply.Status,
        Error = reply.Error,
        ValueType = reply.Value?.GetType().AssemblyQualifiedName,
        Value = reply.Value is null ? null : JsonSerializer.SerializeToUtf8Bytes(reply.Value, reply.Value.GetType(), Options),
    };

    public static AdminReply FromReply(AdminCallReply reply)
    {
        if (reply.ValueType is null || reply.Value is null)
        {
            return new AdminReply(reply.Status, null, reply.Error);
        }

        var type = Type.GetType(reply.ValueType, throwOnError: false);
        if (type is null || !Known.Contains(type.Assembly))
        {
            return new AdminReply(StatusCodes.Status500InternalServerError, null, "the topic's node answered with an unknown value");
        }

        return new AdminReply(reply.Status, JsonSerializer.Deserialize(reply.Value, type, Options), reply.Error);
    }
}
