using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>Topics load on demand and unload when idle; requests racing an unload are never lost or refused.</summary>
public sealed class TopicLifecycleTests
{
    [Fact]
    public async Task Requests_racing_a_topic_unload_are_served()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:TopicIdleTimeout=00:00:00.001");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await alice.PubAsync(topic, "kept", noEcho: true);
        await alice.LeaveAsync(topic);
        await bob.SubAsync(topic);
        await bob.LeaveAsync(topic);

        // Nobody is attached: the topic unloads a millisecond after each request, while the next ones arrive.
        const int count = 300;
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await alice.SendGetAsync(topic, "desc"));
            await bob.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = "p" + i, ["topic"] = topic, ["content"] = "x" } });
        }

        foreach (var id in ids)
        {
            var reply = await alice.ExpectAsync(f => (f.TryGetProperty("meta", out var m) && m.Str("id") == id)
                || (f.TryGetProperty("ctrl", out var c) && c.Str("id") == id), $"reply to get {id}");
            Assert.True(reply.TryGetProperty("meta", out var meta), "expected meta, got " + reply.GetRawText());
            Assert.Equal(1, meta.GetProperty("desc").Long("seq"));
        }

        for (var i = 0; i < count; i++)
        {
            FrameAssert.Ctrl(await bob.CtrlAsync("p" + i), 409, "must attach first");
        }
    }

    [Fact]
    public async Task A_topic_reloaded_after_unloading_keeps_its_state()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:TopicIdleTimeout=00:00:00.001");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync(new JsonObject
        {
            ["desc"] = new JsonObject { ["public"] = "Club", ["defacs"] = new JsonObject { ["auth"] = "JRWP" } },
            ["tags"] = new JsonArray("club"),
        });
        await bob.SubAsync(topic);
        await alice.PubAsync(topic, "one", noEcho: true);
        await bob.ExpectDataAsync(topic, 1);
        await bob.NoteAsync(topic, "read", 1);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRP"), 200, "ok");
        await bob.DelMsgAsync(topic, false, 1);
        await alice.LeaveAsync(topic);
        await bob.LeaveAsync(topic);

        // Whatever unloads in between, the state comes back from the store.
        var desc = await bob.GetDescAsync(topic);
        FrameAssert.Ctrl(await bob.SubAsync(topic), 200, "ok");
        var seqs = await bob.GetSeqsAsync(topic);
        FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");
        var tags = (await alice.GetAsync(topic, "tags")).GetProperty("meta").GetProperty("tags");

        Assert.Equal("Club", desc.GetProperty("public").GetString());
        Assert.Equal(1, desc.Long("seq"));
        Assert.Equal(1, desc.Long("read"));
        Assert.Equal(1, desc.Long("clear"));
        FrameAssert.Acs(desc.GetProperty("acs"), "JRWP", "JRP", "JRP");
        Assert.Empty(seqs);
        Assert.Equal("club", Assert.Single(tags.EnumerateArray()).GetString());
        Assert.Equal(2, await alice.PubAsync(topic, "two", noEcho: true));
    }
}
