using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>slf</c>, the user's saved messages as in Tinode 0.25: created on first use, the user's alone.</summary>
public sealed class SavedMessagesTests
{
    [Fact]
    public async Task Slf_is_created_on_first_sub_keeps_notes_and_is_listed_on_me_as_slf()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");

        var sub = await alice.SubAsync("slf");
        var seq = await alice.PubAsync("slf", "remember the milk");
        var live = await alice.ExpectDataAsync("slf", seq);
        var listed = Assert.Single((await alice.GetSubsAsync("me")).EnumerateArray());
        FrameAssert.Ctrl(await alice.LeaveAsync("slf"), 200, "ok");
        await using var phone = await broker.SessionOfAsync(alice);
        var again = await phone.SubAsync("slf");
        var (history, _) = await phone.GetDataAsync("slf");
        var desc = await phone.GetDescAsync("slf");

        FrameAssert.Ctrl(sub, 200, "ok");
        Assert.Equal("slf", sub.Str("topic"));
        FrameAssert.Acs(sub.GetProperty("params").GetProperty("acs"), "JRWDO", "JRWDO", "JRWDO");
        Assert.Equal(alice.UserId, live.Str("from"));
        Assert.Equal("slf", listed.Str("topic"));
        Assert.False(listed.Has("online"));
        FrameAssert.Ctrl(again, 200, "ok");
        Assert.False(again.TryGetProperty("params", out var p) && p.Has("acs"));
        Assert.Equal("remember the milk", Assert.Single(history).GetProperty("content").GetString());
        Assert.Equal(seq, desc.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Each_user_has_an_own_slf_pins_in_its_aux_and_messages_can_be_deleted()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await alice.SubAsync("slf"), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync("slf"), 200, "ok");
        var seq = await alice.PubAsync("slf", "alice's note");
        await alice.ExpectDataAsync("slf", seq);

        var bobs = await bob.GetAsync("slf", "data");
        var pin = await alice.SetAsync("slf", new JsonObject { ["aux"] = new JsonObject { ["pins"] = new JsonArray(seq) } });
        var aux = await alice.GetAsync("slf", "aux");
        var del = await alice.DelMsgAsync("slf", hard: true, seq);
        var unsub = await alice.LeaveAsync("slf", unsub: true);

        FrameAssert.Ctrl(bobs.GetProperty("ctrl"), 204, "no content");
        FrameAssert.Ctrl(pin, 200, "ok");
        Assert.Equal("slf", aux.GetProperty("meta").Str("topic"));
        Assert.Equal(seq, aux.GetProperty("meta").GetProperty("aux").GetProperty("pins")[0].GetInt64());
        FrameAssert.Ctrl(del, 200, "ok");
        FrameAssert.Ctrl(unsub, 403, "permission denied");
    }
}
