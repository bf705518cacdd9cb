using System.Text.Json;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>
/// Every frame type with wrong types, missing fields, huge numbers, negative seqs, deep nesting, invalid topic names,
/// other users' ids and topics, and the clear marker "\u2421" in its fields. Each is refused with a 4xx {ctrl} (3xx where
/// the protocol answers "nothing to do", 501 for what the broker does not implement), or dropped silently for {note}; nothing leaks, and the session stays usable.
/// </summary>
public sealed class HostileInputTests(HostileInputFixture fixture) : IClassFixture<HostileInputFixture>
{
    /// <summary>Name, frame (placeholders {G} {C} {P2P} {ALICE} {BOB} {SELF}), expected outcome, whether to log in first.</summary>
    public static TheoryData<string, string, string, bool> Frames => new()
    {
        { "hi is a string", "{\"hi\":\"x\"}", "malformed", true },
        { "pub topic is a number", "{\"pub\":{\"id\":\"h\",\"topic\":123,\"content\":\"x\"}}", "malformed", true },
        { "sub topic is an array", "{\"sub\":{\"id\":\"h\",\"topic\":[\"a\"]}}", "malformed", true },
        { "get what is a number", "{\"get\":{\"id\":\"h\",\"topic\":\"me\",\"what\":7}}", "malformed", true },
        { "pub noecho is a string", "{\"pub\":{\"id\":\"h\",\"topic\":\"{G}\",\"noecho\":\"yes\",\"content\":\"x\"}}", "malformed", true },
        { "note seq is a string", "{\"note\":{\"topic\":\"{G}\",\"what\":\"read\",\"seq\":\"ten\"}}", "malformed", true },
        { "login secret is a number", "{\"login\":{\"id\":\"h\",\"scheme\":\"basic\",\"secret\":42}}", "malformed", false },
        { "acc tags is an object", "{\"acc\":{\"id\":\"h\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"YTpi\",\"tags\":{\"a\":1}}}", "malformed", false },
        { "set defacs auth is a number", "{\"set\":{\"id\":\"h\",\"topic\":\"me\",\"desc\":{\"defacs\":{\"auth\":5}}}}", "malformed", true },
        { "del delseq is a string", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"msg\",\"delseq\":\"all\"}}", "malformed", true },
        { "leave unsub is a string", "{\"leave\":{\"id\":\"h\",\"topic\":\"{G}\",\"unsub\":\"true\"}}", "malformed", true },
        { "id is an object", "{\"hi\":{\"id\":{\"x\":1}}}", "malformed", true },
        { "top level array", "[]", "malformed", true },
        { "top level string", "\"pub\"", "malformed", true },
        { "top level number", "42", "malformed", true },
        { "top level null", "null", "malformed", true },
        { "empty object", "{}", "malformed", true },
        { "unknown frame", "{\"unknown\":{\"id\":\"h\"}}", "malformed", true },
        { "not json", "not json at all", "malformed", true },
        { "truncated json", "{\"pub\":{\"id\":\"h\",\"topic\":\"{G}\",\"content\":\"x\"", "malformed", true },
        { "pub without topic", "{\"pub\":{\"id\":\"h\",\"content\":\"x\"}}", "refused", true },
        { "pub without content", "{\"pub\":{\"id\":\"h\",\"topic\":\"{G}\"}}", "refused", true },
        { "pub with null content", "{\"pub\":{\"id\":\"h\",\"topic\":\"{G}\",\"content\":null}}", "refused", true },
        { "sub without topic", "{\"sub\":{\"id\":\"h\"}}", "refused", true },
        { "get without what", "{\"get\":{\"id\":\"h\",\"topic\":\"{G}\"}}", "refused", true },
        { "set with nothing to set", "{\"set\":{\"id\":\"h\",\"topic\":\"{G}\"}}", "refused", true },
        { "del msg without ranges", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"msg\"}}", "refused", true },
        { "del with unknown what", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"everything\"}}", "refused", true },
        { "leave without topic", "{\"leave\":{\"id\":\"h\"}}", "refused", true },
        { "login without scheme", "{\"login\":{\"id\":\"h\"}}", "refused", false },
        { "acc without scheme", "{\"acc\":{\"id\":\"h\",\"user\":\"new\"}}", "refused", false },
        { "hi changing the version", "{\"hi\":{\"id\":\"h\",\"ver\":\"0.20\"}}", "refused", false },
        { "sub before login", "{\"sub\":{\"id\":\"h\",\"topic\":\"{G}\"}}", "refused", false },
        { "note without topic", "{\"note\":{\"what\":\"read\",\"seq\":1}}", "silent", true },
        { "note without what", "{\"note\":{\"topic\":\"{G}\",\"seq\":1}}", "silent", true },
        { "limit beyond int", "{\"get\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"data\",\"data\":{\"limit\":1e30}}}", "malformed", true },
        { "since beyond long", "{\"get\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"data\",\"data\":{\"since\":99999999999999999999}}}", "malformed", true },
        { "note seq beyond long", "{\"note\":{\"topic\":\"{G}\",\"what\":\"read\",\"seq\":1e400}}", "malformed", true },
        { "note seq past the last message", "{\"note\":{\"topic\":\"{G}\",\"what\":\"read\",\"seq\":9223372036854775807}}", "silent", true },
        { "range hi beyond long", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"msg\",\"delseq\":[{\"low\":1,\"hi\":1e300}]}}", "malformed", true },
        { "ranges too many", "{\"get\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"data\",\"data\":{\"ranges\":[{\"low\":1},{\"low\":2},{\"low\":3},{\"low\":4},{\"low\":5},{\"low\":6},{\"low\":7},{\"low\":8},{\"low\":9},{\"low\":10},{\"low\":11},{\"low\":12},{\"low\":13},{\"low\":14},{\"low\":15},{\"low\":16},{\"low\":17},{\"low\":18},{\"low\":19},{\"low\":20},{\"low\":21},{\"low\":22},{\"low\":23},{\"low\":24},{\"low\":25},{\"low\":26},{\"low\":27},{\"low\":28},{\"low\":29},{\"low\":30},{\"low\":31},{\"low\":32},{\"low\":33},{\"low\":34},{\"low\":35},{\"low\":36},{\"low\":37},{\"low\":38},{\"low\":39},{\"low\":40},{\"low\":41},{\"low\":42},{\"low\":43},{\"low\":44},{\"low\":45},{\"low\":46},{\"low\":47},{\"low\":48},{\"low\":49},{\"low\":50},{\"low\":51},{\"low\":52},{\"low\":53},{\"low\":54},{\"low\":55},{\"low\":56},{\"low\":57},{\"low\":58},{\"low\":59},{\"low\":60},{\"low\":61},{\"low\":62},{\"low\":63},{\"low\":64},{\"low\":65},{\"low\":66},{\"low\":67},{\"low\":68},{\"low\":69},{\"low\":70},{\"low\":71},{\"low\":72},{\"low\":73},{\"low\":74},{\"low\":75},{\"low\":76},{\"low\":77},{\"low\":78},{\"low\":79},{\"low\":80},{\"low\":81},{\"low\":82},{\"low\":83},{\"low\":84},{\"low\":85},{\"low\":86},{\"low\":87},{\"low\":88},{\"low\":89},{\"low\":90},{\"low\":91},{\"low\":92},{\"low\":93},{\"low\":94},{\"low\":95},{\"low\":96},{\"low\":97},{\"low\":98},{\"low\":99},{\"low\":100},{\"low\":101},{\"low\":102},{\"low\":103},{\"low\":104},{\"low\":105},{\"low\":106},{\"low\":107},{\"low\":108},{\"low\":109},{\"low\":110},{\"low\":111},{\"low\":112},{\"low\":113},{\"low\":114},{\"low\":115},{\"low\":116},{\"low\":117},{\"low\":118},{\"low\":119},{\"low\":120},{\"low\":121},{\"low\":122},{\"low\":123},{\"low\":124},{\"low\":125},{\"low\":126},{\"low\":127},{\"low\":128},{\"low\":129},{\"low\":130},{\"low\":131},{\"low\":132},{\"low\":133},{\"low\":134},{\"low\":135},{\"low\":136},{\"low\":137},{\"low\":138},{\"low\":139},{\"low\":140},{\"low\":141},{\"low\":142},{\"low\":143},{\"low\":144},{\"low\":145},{\"low\":146},{\"low\":147},{\"low\":148},{\"low\":149}]}}}", "refused", true },
        { "note negative seq", "{\"note\":{\"topic\":\"{G}\",\"what\":\"read\",\"seq\":-5}}", "silent", true },
        { "get data negative since", "{\"get\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"data\",\"data\":{\"since\":-1}}}", "refused", true },
        { "get data negative limit", "{\"get\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"data\",\"data\":{\"limit\":-10}}}", "refused", true },
        { "get del negative since", "{\"get\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"del\",\"del\":{\"since\":-1}}}", "refused", true },
        { "del negative range", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"msg\",\"delseq\":[{\"low\":-3,\"hi\":-1}]}}", "refused", true },
        { "del inverted range", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"msg\",\"delseq\":[{\"low\":9,\"hi\":2}]}}", "refused", true },
        { "deep content", "{\"pub\":{\"id\":\"h\",\"topic\":\"{G}\",\"content\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}", "malformed", true },
        { "deep head", "{\"pub\":{\"id\":\"h\",\"topic\":\"{G}\",\"head\":{\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},\"content\":\"x\"}}", "malformed", true },
        { "deep public", "{\"set\":{\"id\":\"h\",\"topic\":\"me\",\"desc\":{\"public\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}", "malformed", true },
        { "deep extra", "{\"hi\":{\"id\":\"h\"},\"extra\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}", "malformed", true },
        { "sub topic grp", "{\"sub\":{\"id\":\"h\",\"topic\":\"grp\"}}", "refused", true },
        { "sub topic grp!!!", "{\"sub\":{\"id\":\"h\",\"topic\":\"grp!!!\"}}", "refused", true },
        { "sub topic usr", "{\"sub\":{\"id\":\"h\",\"topic\":\"usr\"}}", "refused", true },
        { "sub topic usrAAAA", "{\"sub\":{\"id\":\"h\",\"topic\":\"usrAAAA\"}}", "refused", true },
        { "sub topic usr!!!!!!!!!!!", "{\"sub\":{\"id\":\"h\",\"topic\":\"usr!!!!!!!!!!!\"}}", "refused", true },
        { "sub topic p2pXYZ", "{\"sub\":{\"id\":\"h\",\"topic\":\"p2pXYZ\"}}", "refused", true },
        { "sub topic ../../etc/passwd", "{\"sub\":{\"id\":\"h\",\"topic\":\"../../etc/passwd\"}}", "refused", true },
        { "sub topic grp\\u0000abc", "{\"sub\":{\"id\":\"h\",\"topic\":\"grp\\u0000abc\"}}", "refused", true },
        { "sub topic xxxxxxxxxxxxxxxxxxxx", "{\"sub\":{\"id\":\"h\",\"topic\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}}", "refused", true },
        { "sub topic zzz", "{\"sub\":{\"id\":\"h\",\"topic\":\"zzz\"}}", "refused", true },
        { "sub empty topic", "{\"sub\":{\"id\":\"h\",\"topic\":\"\"}}", "refused", true },
        { "pub to an unknown group", "{\"pub\":{\"id\":\"h\",\"topic\":\"grpAAAAAAAAAAA\",\"content\":\"x\"}}", "refused", true },
        { "get on an unknown group", "{\"get\":{\"id\":\"h\",\"topic\":\"grpAAAAAAAAAAA\",\"what\":\"desc\"}}", "refused", true },
        { "sub own p2p with self", "{\"sub\":{\"id\":\"h\",\"topic\":\"{SELF}\"}}", "refused", true },
        { "sub a closed group", "{\"sub\":{\"id\":\"h\",\"topic\":\"{C}\"}}", "refused", true },
        { "get data of a closed group", "{\"get\":{\"id\":\"h\",\"topic\":\"{C}\",\"what\":\"data\"}}", "refused", true },
        { "get sub of a closed group", "{\"get\":{\"id\":\"h\",\"topic\":\"{C}\",\"what\":\"sub\"}}", "refused", true },
        { "pub to a closed group", "{\"pub\":{\"id\":\"h\",\"topic\":\"{C}\",\"content\":\"x\"}}", "refused", true },
        { "set public of a closed group", "{\"set\":{\"id\":\"h\",\"topic\":\"{C}\",\"desc\":{\"public\":{\"fn\":\"pwned\"}}}}", "refused", true },
        { "set public of an open group not owned", "{\"set\":{\"id\":\"h\",\"topic\":\"{G}\",\"desc\":{\"public\":{\"fn\":\"pwned\"}}}}", "refused", true },
        { "set someone's access", "{\"set\":{\"id\":\"h\",\"topic\":\"{G}\",\"sub\":{\"user\":\"{BOB}\",\"mode\":\"JRWPASDO\"}}}", "refused", true },
        { "give self owner", "{\"set\":{\"id\":\"h\",\"topic\":\"{G}\",\"sub\":{\"mode\":\"JRWPASDO\"}}}", "refused", true },
        { "del a closed group", "{\"del\":{\"id\":\"h\",\"topic\":\"{C}\",\"what\":\"topic\"}}", "refused", true },
        { "del messages of a closed group", "{\"del\":{\"id\":\"h\",\"topic\":\"{C}\",\"what\":\"msg\",\"delseq\":[{\"low\":1}],\"hard\":true}}", "refused", true },
        { "del the owner from an open group", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"sub\",\"user\":\"{ALICE}\"}}", "refused", true },
        { "leave unsub a closed group", "{\"leave\":{\"id\":\"h\",\"topic\":\"{C}\",\"unsub\":true}}", "refused", true },
        { "sub someone's p2p", "{\"sub\":{\"id\":\"h\",\"topic\":\"{P2P}\"}}", "refused", true },
        { "get someone's p2p", "{\"get\":{\"id\":\"h\",\"topic\":\"{P2P}\",\"what\":\"data\"}}", "refused", true },
        { "pub to someone's p2p", "{\"pub\":{\"id\":\"h\",\"topic\":\"{P2P}\",\"content\":\"x\"}}", "refused", true },
        { "del someone's p2p", "{\"del\":{\"id\":\"h\",\"topic\":\"{P2P}\",\"what\":\"topic\"}}", "refused", true },
        { "note on someone's p2p", "{\"note\":{\"topic\":\"{P2P}\",\"what\":\"read\",\"seq\":1}}", "silent", true },
        { "change someone's password", "{\"acc\":{\"id\":\"h\",\"user\":\"{ALICE}\",\"scheme\":\"basic\",\"secret\":\"OnB3bmVkMTIz\"}}", "refused", true },
        { "delete a user", "{\"del\":{\"id\":\"h\",\"what\":\"user\",\"user\":\"{ALICE}\"}}", "refused", true },
        { "on behalf of another user", "{\"pub\":{\"id\":\"h\",\"topic\":\"{G}\",\"content\":\"x\"},\"extra\":{\"obo\":\"{ALICE}\"}}", "refused", true },
        { "claim root", "{\"get\":{\"id\":\"h\",\"topic\":\"me\",\"what\":\"desc\"},\"extra\":{\"authlevel\":\"root\"}}", "refused", true },
        { "trusted is root only", "{\"set\":{\"id\":\"h\",\"topic\":\"me\",\"desc\":{\"trusted\":{\"verified\":true}}}}", "refused", true },
        { "login again", "{\"login\":{\"id\":\"h\",\"scheme\":\"basic\",\"secret\":\"YWxpY2U6c2VjcmV0MTIz\"}}", "refused", true },
        { "clear marker in pub topic", "{\"pub\":{\"id\":\"h\",\"topic\":\"␡\",\"content\":\"x\"}}", "refused", true },
        { "clear marker in sub topic", "{\"sub\":{\"id\":\"h\",\"topic\":\"␡\"}}", "refused", true },
        { "clear marker in get topic", "{\"get\":{\"id\":\"h\",\"topic\":\"␡\",\"what\":\"desc\"}}", "refused", true },
        { "clear marker in get what", "{\"get\":{\"id\":\"h\",\"topic\":\"me\",\"what\":\"␡\"}}", "refused", true },
        { "clear marker in set sub mode", "{\"set\":{\"id\":\"h\",\"topic\":\"{G}\",\"sub\":{\"mode\":\"␡\"}}}", "refused", true },
        { "clear marker in set sub user", "{\"set\":{\"id\":\"h\",\"topic\":\"{G}\",\"sub\":{\"user\":\"␡\",\"mode\":\"JRW\"}}}", "refused", true },
        { "clear marker in set tags", "{\"set\":{\"id\":\"h\",\"topic\":\"me\",\"tags\":[\"␡\"]}}", "refused", true },
        { "clear marker in set defacs", "{\"set\":{\"id\":\"h\",\"topic\":\"me\",\"desc\":{\"defacs\":{\"auth\":\"␡\"}}}}", "refused", true },
        { "clear marker in new group defacs", "{\"sub\":{\"id\":\"h\",\"topic\":\"new\",\"set\":{\"desc\":{\"defacs\":{\"auth\":\"␡\"}}}}}", "refused", true },
        { "clear marker in del topic", "{\"del\":{\"id\":\"h\",\"topic\":\"␡\",\"what\":\"msg\",\"delseq\":[{\"low\":1}]}}", "refused", true },
        { "clear marker in del what", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"␡\"}}", "refused", true },
        { "clear marker in del user", "{\"del\":{\"id\":\"h\",\"topic\":\"{G}\",\"what\":\"sub\",\"user\":\"␡\"}}", "refused", true },
        { "clear marker in leave topic", "{\"leave\":{\"id\":\"h\",\"topic\":\"␡\"}}", "refused", true },
        { "clear marker in hi ver", "{\"hi\":{\"id\":\"h\",\"ver\":\"␡\"}}", "refused", false },
        { "clear marker in login scheme", "{\"login\":{\"id\":\"h\",\"scheme\":\"␡\",\"secret\":\"␡\"}}", "refused", false },
        { "clear marker in login secret", "{\"login\":{\"id\":\"h\",\"scheme\":\"basic\",\"secret\":\"␡\"}}", "refused", false },
        { "clear marker in acc scheme", "{\"acc\":{\"id\":\"h\",\"user\":\"new\",\"scheme\":\"␡\",\"secret\":\"␡\"}}", "refused", false },
        { "clear marker in acc user", "{\"acc\":{\"id\":\"h\",\"user\":\"␡\",\"scheme\":\"basic\",\"secret\":\"YTpi\"}}", "refused", false },
        { "clear marker in acc secret", "{\"acc\":{\"id\":\"h\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"␡\"}}", "refused", false },
        { "clear marker in note", "{\"note\":{\"topic\":\"␡\",\"what\":\"␡\",\"seq\":1}}", "silent", true },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task Hostile_frame_is_refused_and_the_session_stays_usable(string name, string frame, string expect, bool authenticated)
    {
        await using var mallory = await fixture.Broker.ConnectAsync();
        if (authenticated)
        {
            await mallory.RegisterAsync(fixture.NextLogin());
            Assert.Equal(200, (await mallory.SubAsync(fixture.OpenGroup)).GetProperty("code").GetInt32());
        }
        else
        {
            await mallory.HiAsync();
        }

        await mallory.SendRawAsync(frame
            .Replace("{G}", fixture.OpenGroup, StringComparison.Ordinal)
            .Replace("{C}", fixture.ClosedGroup, StringComparison.Ordinal)
            .Replace("{P2P}", fixture.P2P, StringComparison.Ordinal)
            .Replace("{ALICE}", fixture.Alice.UserId!, StringComparison.Ordinal)
            .Replace("{BOB}", fixture.Bob.UserId!, StringComparison.Ordinal)
            .Replace("{SELF}", mallory.UserId ?? "usrAAAAAAAAAAA", StringComparison.Ordinal));

        switch (expect)
        {
            case "malformed":
                var malformed = await mallory.ExpectFrameAsync("ctrl", c => !c.TryGetProperty("id", out _), $"400 for '{name}'");
                Assert.Equal(400, malformed.GetProperty("code").GetInt32());
                break;
            case "refused":
                var refused = await mallory.ExpectFrameAsync("ctrl", c => c.TryGetProperty("id", out var id) && id.GetString() == "h", $"reply to '{name}'");
                var code = refused.GetProperty("code").GetInt32();
                Assert.True(code is (>= 300 and < 500) or 501, $"'{name}' answered {refused.GetRawText()}");
                break;
        }

        // Still usable: a {get desc} round trip on me works.
        Assert.True(mallory.IsOpen, $"'{name}' closed the session");
        if (authenticated)
        {
            var id = mallory.NextId();
            await mallory.SendAsync(new System.Text.Json.Nodes.JsonObject
            {
                ["get"] = new System.Text.Json.Nodes.JsonObject { ["id"] = id, ["topic"] = "me", ["what"] = "desc" },
            });
            await mallory.ExpectMetaAsync(id, "desc");
        }

        // A repeated {hi} answers 201 once logged in, 401 before (Tinode's rule): either way the session answers.
        Assert.Equal(authenticated ? 201 : 401, (await mallory.RequestAsync("hi", [])).GetProperty("code").GetInt32());

        // Nothing from the victims' topics reached mallory, and no request failed inside the server.
        foreach (var received in mallory.Received())
        {
            Assert.False(IsLeak(received), $"'{name}' leaked {received.GetRawText()}");
            if (received.TryGetProperty("ctrl", out var ctrl))
            {
                Assert.True(ctrl.GetProperty("code").GetInt32() is < 500 or 501, $"'{name}' caused {ctrl.GetRawText()}");
            }
        }
    }

    private bool IsLeak(JsonElement frame)
    {
        string[] secrets = [fixture.ClosedGroup, fixture.P2P, fixture.Alice.UserId!, fixture.Bob.UserId!];
        foreach (var kind in new[] { "data", "meta", "info" })
        {
            if (frame.TryGetProperty(kind, out var body) && body.TryGetProperty("topic", out var topic) && secrets.Contains(topic.GetString()))
            {
                return kind != "meta" || body.TryGetProperty("sub", out _) || body.TryGetProperty("tags", out _) || body.TryGetProperty("del", out _);
            }
        }

        return false;
    }
}
