using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Broker.Bench.Load.Protocol;

/// <summary>Builds the setup and control frames the generator sends (not the hot publish path).</summary>
internal static class RequestFrames
{
    public const string Version = "0.25";
    public const string UserAgent = "Broker.Bench/1.0 (load generator)";

    public static byte[] Hi(string id) => Build(w =>
    {
        w.WriteStartObject("hi");
        w.WriteString("id", id);
        w.WriteString("ver", Version);
        w.WriteString("ua", UserAgent);
        w.WriteEndObject();
    });

    /// <summary><c>{acc user:"new" scheme:"basic" login:true}</c>: create an account and log the session in.</summary>
    public static byte[] CreateAccount(string id, string login, string password, string displayName) => Build(w =>
    {
        w.WriteStartObject("acc");
        w.WriteString("id", id);
        w.WriteString("user", "new");
        w.WriteString("scheme", "basic");
        w.WriteString("secret", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:{password}")));
        w.WriteBoolean("login", true);
        w.WriteStartObject("desc");
        w.WriteStartObject("public");
        w.WriteString("fn", displayName);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static byte[] LoginToken(string id, string token) => Build(w =>
    {
        w.WriteStartObject("login");
        w.WriteString("id", id);
        w.WriteString("scheme", "token");
        w.WriteString("secret", token);
        w.WriteEndObject();
    });

    /// <summary><c>{sub}</c>; for <c>new</c> the group is created open to every authenticated user (JRWPS).</summary>
    public static byte[] Subscribe(string id, string topic) => Build(w =>
    {
        w.WriteStartObject("sub");
        w.WriteString("id", id);
        w.WriteString("topic", topic);
        if (topic.StartsWith("new", StringComparison.Ordinal))
        {
            w.WriteStartObject("set");
            w.WriteStartObject("desc");
            w.WriteStartObject("defacs");
            w.WriteString("auth", "JRWPS");
            w.WriteString("anon", "N");
            w.WriteEndObject();
            w.WriteStartObject("public");
            w.WriteString("fn", "bench group");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    /// <summary><c>{set sub:{mode}}</c>: the caller's own want on <paramref name="topic"/>.</summary>
    public static byte[] SetOwnMode(string id, string topic, string mode) => Build(w =>
    {
        w.WriteStartObject("set");
        w.WriteString("id", id);
        w.WriteString("topic", topic);
        w.WriteStartObject("sub");
        w.WriteString("mode", mode);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary><c>{get what:"data"}</c> of one page, newest first, below <paramref name="before"/>.</summary>
    public static byte[] GetData(string id, string topic, long? before, int limit) => Build(w =>
    {
        w.WriteStartObject("get");
        w.WriteString("id", id);
        w.WriteString("topic", topic);
        w.WriteString("what", "data");
        w.WriteStartObject("data");
        if (before is { } b)
        {
            w.WriteNumber("before", b);
        }

        w.WriteNumber("limit", limit);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary><c>{pub}</c> of a text message with a request id, answered by ctrl 202 (the slow path for defined scenarios).</summary>
    public static byte[] Publish(string id, string topic, string text) => Build(w =>
    {
        w.WriteStartObject("pub");
        w.WriteString("id", id);
        w.WriteString("topic", topic);
        w.WriteBoolean("noecho", true);
        w.WriteString("content", text);
        w.WriteEndObject();
    });

    public static byte[] Leave(string id, string topic) => Build(w =>
    {
        w.WriteStartObject("leave");
        w.WriteString("id", id);
        w.WriteString("topic", topic);
        w.WriteEndObject();
    });

    /// <summary><c>{note}</c> (never acknowledged): <c>kp</c> typing, <c>read</c>/<c>recv</c> with a seq.</summary>
    public static byte[] Note(string topic, string what, long seq = 0) => Build(w =>
    {
        w.WriteStartObject("note");
        w.WriteString("topic", topic);
        w.WriteString("what", what);
        if (seq > 0)
        {
            w.WriteNumber("seq", seq);
        }

        w.WriteEndObject();
    });

    private static byte[] Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
