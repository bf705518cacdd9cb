using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// Calls in p2p topics as Tinode's calls.go: the invite <c>{pub head:{webrtc:"started"}}</c>, <c>{note what:"call"}</c>
/// events relayed as <c>{info what:"call"}</c>, and the messages that replace the invite with the call's outcome.
/// </summary>
public sealed class CallSignallingTests
{
    private const string Stun = "--Calls:IceServers:0:Urls:0=stun:stun.example.com:3478";

    private static JsonObject Invite(string topic) => new()
    {
        ["topic"] = topic,
        ["head"] = new JsonObject { ["webrtc"] = "started", ["mime"] = "text/x-drafty", ["aonly"] = false },
        ["content"] = new JsonObject { ["txt"] = "call", ["ent"] = new JsonArray(new JsonObject { ["tp"] = "VC" }) },
    };

    private static Task CallNoteAsync(TestClient client, string topic, string callEvent, long seq, JsonNode? payload = null) =>
        client.SendAsync(new JsonObject
        {
            ["note"] = new JsonObject { ["topic"] = topic, ["what"] = "call", ["event"] = callEvent, ["seq"] = seq, ["payload"] = payload },
        });

    private static Task<JsonElement> ExpectCallInfoAsync(TestClient client, string topic, string callEvent) =>
        client.ExpectFrameAsync("info", i => i.Str("topic") == topic && i.Str("what") == "call" && i.Str("event") == callEvent, $"{{info call {callEvent}}} on {topic}");

    private static Task<JsonElement> ExpectCallStateAsync(TestClient client, string state) =>
        client.ExpectFrameAsync("data", d => d.TryGetProperty("head", out var h) && h.Str("webrtc") == state, $"{{data head.webrtc={state}}}");

    private static async Task<(TestClient Alice, TestClient Bob)> PeersAsync(TestBroker broker)
    {
        var alice = await broker.UserAsync("alice");
        var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");
        return (alice, bob);
    }

    [Fact]
    public async Task With_no_ice_servers_a_call_invite_is_refused_501_and_nothing_is_stored()
    {
        await using var broker = await TestBroker.StartAsync();
        var (alice, bob) = await PeersAsync(broker);
        await using var a = alice;
        await using var b = bob;

        FrameAssert.Ctrl(await alice.RequestAsync("pub", Invite(bob.UserId!)), 501, "not implemented");

        var seq = await alice.PubAsync(bob.UserId!, "no call");
        Assert.Equal(1, seq);
    }

    [Fact]
    public async Task An_accepted_call_relays_the_signalling_and_replaces_the_invite_with_accepted_then_finished_with_its_duration()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton<TimeProvider>(clock), Stun);
        var (alice, bob) = await PeersAsync(broker);
        await using var a = alice;
        await using var b = bob;

        var invite = await alice.RequestAsync("pub", Invite(bob.UserId!));
        FrameAssert.Ctrl(invite, 202, "accepted");
        var seq = invite.GetProperty("params").GetProperty("seq").GetInt64();
        var started = await bob.ExpectDataAsync(alice.UserId!, seq);
        Assert.Equal("started", started.GetProperty("head").Str("webrtc"));

        await CallNoteAsync(bob, alice.UserId!, "ringing", seq);
        var ringing = await ExpectCallInfoAsync(alice, bob.UserId!, "ringing");
        Assert.Equal(bob.UserId, ringing.Str("from"));
        Assert.Equal(seq, ringing.Long("seq"));

        await CallNoteAsync(bob, alice.UserId!, "accept", seq);
        await ExpectCallInfoAsync(alice, bob.UserId!, "accept");
        foreach (var (client, topic) in new[] { (alice, bob.UserId!), (bob, alice.UserId!) })
        {
            var accepted = await ExpectCallStateAsync(client, "accepted");
            Assert.Equal(topic, accepted.Str("topic"));
            Assert.Equal(alice.UserId, accepted.Str("from"));
            Assert.Equal($":{seq}", accepted.GetProperty("head").Str("replace"));
            Assert.Equal("text/x-drafty", accepted.GetProperty("head").Str("mime"));
            Assert.Equal("VC", accepted.GetProperty("content").GetProperty("ent")[0].Str("tp"));
        }

        await CallNoteAsync(alice, bob.UserId!, "offer", seq, new JsonObject { ["type"] = "offer", ["sdp"] = "v=0 alice" });
        var offer = await ExpectCallInfoAsync(bob, alice.UserId!, "offer");
        Assert.Equal("v=0 alice", offer.GetProperty("payload").Str("sdp"));
        Assert.Equal(alice.UserId, offer.Str("from"));
        await CallNoteAsync(bob, alice.UserId!, "answer", seq, new JsonObject { ["type"] = "answer", ["sdp"] = "v=0 bob" });
        Assert.Equal("v=0 bob", (await ExpectCallInfoAsync(alice, bob.UserId!, "answer")).GetProperty("payload").Str("sdp"));
        await CallNoteAsync(bob, alice.UserId!, "ice-candidate", seq, new JsonObject { ["candidate"] = "candidate:1" });
        Assert.Equal("candidate:1", (await ExpectCallInfoAsync(alice, bob.UserId!, "ice-candidate")).GetProperty("payload").Str("candidate"));

        clock.Advance(TimeSpan.FromSeconds(5));
        await CallNoteAsync(alice, bob.UserId!, "hang-up", seq);

        await ExpectCallInfoAsync(bob, alice.UserId!, "hang-up");
        var finished = await ExpectCallStateAsync(bob, "finished");
        Assert.Equal(5000, finished.GetProperty("head").GetProperty("webrtc-duration").GetInt64());
        Assert.Equal($":{seq}", finished.GetProperty("head").Str("replace"));
        await ExpectCallStateAsync(alice, "finished");
    }

    [Fact]
    public async Task A_call_nobody_answers_is_missed_after_the_establishment_timeout()
    {
        await using var broker = await TestBroker.StartAsync(Stun, "--Calls:EstablishmentTimeout=00:00:01");
        var (alice, bob) = await PeersAsync(broker);
        await using var a = alice;
        await using var b = bob;

        var seq = (await alice.RequestAsync("pub", Invite(bob.UserId!))).GetProperty("params").GetProperty("seq").GetInt64();

        var missed = await ExpectCallStateAsync(alice, "missed");
        Assert.Equal($":{seq}", missed.GetProperty("head").Str("replace"));
        Assert.False(missed.GetProperty("head").TryGetProperty("webrtc-duration", out _));
        await ExpectCallStateAsync(bob, "missed");
        await ExpectCallInfoAsync(alice, bob.UserId!, "hang-up");

        // The call is over: another may start.
        FrameAssert.Ctrl(await alice.RequestAsync("pub", Invite(bob.UserId!)), 202, "accepted");
    }

    [Fact]
    public async Task A_callee_who_hangs_up_before_answering_declines_and_the_caller_hanging_up_first_is_missed()
    {
        await using var broker = await TestBroker.StartAsync(Stun);
        var (alice, bob) = await PeersAsync(broker);
        await using var a = alice;
        await using var b = bob;

        var first = (await alice.RequestAsync("pub", Invite(bob.UserId!))).GetProperty("params").GetProperty("seq").GetInt64();
        await CallNoteAsync(bob, alice.UserId!, "hang-up", first);
        Assert.Equal($":{first}", (await ExpectCallStateAsync(alice, "declined")).GetProperty("head").Str("replace"));

        var second = (await alice.RequestAsync("pub", Invite(bob.UserId!))).GetProperty("params").GetProperty("seq").GetInt64();
        await CallNoteAsync(alice, bob.UserId!, "hang-up", second);
        Assert.Equal($":{second}", (await ExpectCallStateAsync(bob, "missed")).GetProperty("head").Str("replace"));
    }

    [Fact]
    public async Task A_second_invite_while_a_call_rings_is_busy_and_calls_are_for_p2p_topics_only()
    {
        await using var broker = await TestBroker.StartAsync(Stun);
        var (alice, bob) = await PeersAsync(broker);
        await using var a = alice;
        await using var b = bob;

        FrameAssert.Ctrl(await alice.RequestAsync("pub", Invite(bob.UserId!)), 202, "accepted");
        FrameAssert.Ctrl(await bob.RequestAsync("pub", Invite(alice.UserId!)), 486, "busy here");

        var group = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await alice.RequestAsync("pub", Invite(group)), 403, "permission denied");
    }

    [Fact]
    public async Task The_callee_may_accept_from_a_session_not_attached_to_the_topic()
    {
        await using var broker = await TestBroker.StartAsync(Stun);
        var (alice, bob) = await PeersAsync(broker);
        await using var a = alice;
        await using var b = bob;
        FrameAssert.Ctrl(await bob.LeaveAsync(alice.UserId!), 200, "ok");

        var seq = (await alice.RequestAsync("pub", Invite(bob.UserId!))).GetProperty("params").GetProperty("seq").GetInt64();
        await CallNoteAsync(bob, alice.UserId!, "accept", seq);

        Assert.Equal(bob.UserId, (await ExpectCallInfoAsync(alice, bob.UserId!, "accept")).Str("from"));
        await ExpectCallStateAsync(alice, "accepted");
    }
}
