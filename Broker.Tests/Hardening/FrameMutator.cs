using System.Text.Json.Nodes;

namespace Broker.Tests.Hardening;

/// <summary>
/// Builds valid-looking client frames from a seeded <see cref="Random"/> and mutates them: flipped value types, dropped
/// and duplicated fields, random topic names and ids, huge numbers, odd unicode, renamed frame types, truncation.
/// The same seed gives the same frames.
/// </summary>
public sealed class FrameMutator(int seed, Func<IReadOnlyList<string>> topics, Func<IReadOnlyList<string>> users)
{
    private static readonly string[] Kinds = ["hi", "acc", "login", "sub", "leave", "pub", "get", "set", "del", "note"];
    private static readonly string[] Odd =
    [
        "\u2421", "", " ", "\u0000", "\ud83d\ude00", "\u202e", "grp", "usr", "p2p", "new", "me", "fnd", "sys", "slf", "chn",
        new string('x', 300), "\\", "\"", "<script>", "' OR 1=1 --", "%s%n", "\u00e9\u00e8", "\ufeff",
    ];

    private static readonly JsonNode?[] BigNumbers = [long.MaxValue, long.MinValue, -1, 0, int.MaxValue, 1e30, -1e30, 0.5, ulong.MaxValue];
    private readonly Random random = new(seed);
    private int counter;

    /// <summary>The next frame as text and, when it is a well-formed {sub}, the id it carries.</summary>
    public (string Text, string? SubId) Next()
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var id = "f" + (++counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = Template(kind, id);
        var frame = new JsonObject { [kind] = body };
        var mutations = random.Next(4);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(frame, kind);
        }

        var text = frame.ToJsonString();
        if (random.Next(12) == 0)
        {
            text = Duplicate(text);
        }

        if (random.Next(15) == 0)
        {
            text = text[..random.Next(text.Length)];
        }

        return (text, kind == "sub" ? id : null);
    }

    private JsonObject Template(string kind, string id) => kind switch
    {
        "hi" => new JsonObject { ["id"] = id, ["ver"] = "0.25", ["ua"] = "fuzz" },
        "acc" => new JsonObject { ["id"] = id, ["user"] = Pick(["new", .. users()]), ["scheme"] = "basic", ["secret"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("fz" + random.Next() + ":pw" + random.Next())) },
        "login" => new JsonObject { ["id"] = id, ["scheme"] = Pick(["basic", "token", "anonymous", "rest"]), ["secret"] = Convert.ToBase64String(BitConverter.GetBytes(random.NextInt64())) },
        "sub" => new JsonObject
        {
            ["id"] = id,
            ["topic"] = Topic(),
            ["get"] = random.Next(2) == 0 ? null : new JsonObject { ["what"] = "desc sub data del tags", ["data"] = new JsonObject { ["limit"] = random.Next(-5, 200) } },
            ["set"] = random.Next(3) != 0 ? null : new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = Pick(Odd) }, ["defacs"] = new JsonObject { ["auth"] = Pick(["JRWPS", "N", "JRWPASDO", "\u2421", "X"]) } } },
        },
        "leave" => new JsonObject { ["id"] = id, ["topic"] = Topic(), ["unsub"] = random.Next(2) == 0 },
        "pub" => new JsonObject { ["id"] = id, ["topic"] = Topic(), ["noecho"] = random.Next(2) == 0, ["head"] = new JsonObject { ["mime"] = "text/plain", ["sender"] = Pick(users()) }, ["content"] = "fuzz " + random.Next() },
        "get" => new JsonObject
        {
            ["id"] = id,
            ["topic"] = Topic(),
            ["what"] = Pick(["desc", "sub", "data", "del", "tags", "cred", "aux", "desc sub data del tags", "\u2421", ""]),
            ["data"] = new JsonObject { ["since"] = random.Next(-2, 50), ["before"] = random.Next(-2, 50), ["limit"] = random.Next(-2, 500) },
            ["sub"] = new JsonObject { ["user"] = Pick(users()), ["limit"] = random.Next(-2, 50) },
            ["del"] = new JsonObject { ["since"] = random.Next(-2, 5) },
        },
        "set" => new JsonObject
        {
            ["id"] = id,
            ["topic"] = Topic(),
            ["desc"] = random.Next(2) == 0 ? null : new JsonObject { ["public"] = new JsonObject { ["fn"] = Pick(Odd) }, ["private"] = Pick(Odd), ["defacs"] = new JsonObject { ["auth"] = Pick(["JRWPS", "N", "O", "\u2421"]) } },
            ["sub"] = random.Next(2) == 0 ? null : new JsonObject { ["user"] = Pick([.. users(), ""]), ["mode"] = Pick(["JRWPASDO", "N", "JRW", "\u2421", "+W", ""]) },
            ["tags"] = random.Next(3) != 0 ? null : new JsonArray([.. Enumerable.Range(0, random.Next(40)).Select(i => (JsonNode?)JsonValue.Create(Pick(Odd) + i))]),
        },
        "del" => new JsonObject
        {
            ["id"] = id,
            ["topic"] = Topic(),
            // "user" is left out: deleting one's own account is legitimate and would end the fuzzing session.
            ["what"] = Pick(["msg", "topic", "sub", "cred", "\u2421", ""]),
            ["delseq"] = new JsonArray(new JsonObject { ["low"] = random.Next(-3, 30), ["hi"] = random.Next(-3, 40) }),
            ["user"] = Pick(users()),
            ["hard"] = random.Next(2) == 0,
        },
        _ => new JsonObject { ["topic"] = Topic(), ["what"] = Pick(["kp", "read", "recv", "call", "data", "\u2421"]), ["seq"] = random.Next(-3, 40) },
    };

    private void Mutate(JsonObject frame, string kind)
    {
        if (frame[kind] is not JsonObject body || body.Count == 0)
        {
            return;
        }

        var keys = body.Select(p => p.Key).ToList();
        var key = keys[random.Next(keys.Count)];
        switch (random.Next(8))
        {
            case 0:
                body[key] = AnyValue();
                break;
            case 1:
                body.Remove(key);
                break;
            case 2:
                body["topic"] = random.Next(2) == 0 ? Pick(Odd) : "usr" + RandomBase64(8);
                break;
            case 3:
                body[key] = BigNumbers[random.Next(BigNumbers.Length)]?.DeepClone();
                break;
            case 4:
                body[key] = Pick(Odd);
                break;
            case 5:
                var other = Kinds[random.Next(Kinds.Length)];
                frame.Remove(kind);
                frame[other] = body;
                break;
            case 6:
                body[key] = Nest(random.Next(20, 40));
                break;
            default:
                body["user"] = "usr" + RandomBase64(8);
                break;
        }
    }

    private JsonNode? AnyValue() => random.Next(6) switch
    {
        0 => null,
        1 => random.Next(2) == 0,
        2 => random.NextInt64(),
        3 => new JsonArray(Pick(Odd), random.Next()),
        4 => new JsonObject { ["x"] = Pick(Odd) },
        _ => Pick(Odd),
    };

    private static JsonNode Nest(int depth)
    {
        JsonNode node = "deep";
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["n"] = node };
        }

        return node;
    }

    private string Duplicate(string text)
    {
        // Repeat the first "key":value pair of the body: JSON with a duplicate key.
        var start = text.IndexOf(":{", StringComparison.Ordinal);
        var comma = start < 0 ? -1 : text.IndexOf(',', start);
        return comma < 0 ? text : text[..comma] + "," + text[(start + 2)..comma] + text[comma..];
    }

    private string Topic()
    {
        var pool = topics();
        return random.Next(5) == 0 ? Pick(Odd) : pool[random.Next(pool.Count)];
    }

    private string Pick(IReadOnlyList<string> values) => values.Count == 0 ? "" : values[random.Next(values.Count)];

    private string RandomBase64(int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
