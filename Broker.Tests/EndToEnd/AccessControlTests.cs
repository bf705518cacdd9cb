using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>Every access bit guards its operation (403 without it), and how modes are given, wanted and transferred.</summary>
public sealed class AccessControlTests
{
    /// <summary>alice owns a group; every other client joins it and stays attached.</summary>
    private static async Task<string> GroupAsync(TestClient owner, params TestClient[] members)
    {
        var topic = await owner.CreateGroupAsync();
        foreach (var member in members)
        {
            FrameAssert.Ctrl(await member.SubAsync(topic), 200, "ok");
        }

        return topic;
    }

    private static JsonObject Desc(JsonObject desc) => new() { ["desc"] = desc };

    [Fact]
    public async Task J_missing_from_the_default_refuses_sub_with_403()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync(Desc(new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "RWP" } }));

        var ctrl = await bob.SubAsync(topic);

        FrameAssert.Ctrl(ctrl, 403, "permission denied");
        Assert.Equal(topic, ctrl.Str("topic"));
        Assert.Equal(1, (await alice.GetDescAsync(topic)).Long("subcnt"));
    }

    [Fact]
    public async Task J_taken_away_bans_evicts_with_205_and_refuses_sub()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);

        var ban = await alice.SetSubAsync(topic, bob.UserId, "N");

        FrameAssert.Ctrl(ban, 200, "ok");
        Assert.Equal(bob.UserId, ban.GetProperty("params").Str("user"));
        FrameAssert.Acs(ban.GetProperty("params").GetProperty("acs"), "JRWPS", "N", "N");
        var evicted = await bob.ExpectCtrlAsync(c => c.Long("code") == 205, "eviction");
        FrameAssert.Ctrl(evicted, 205, "evicted");
        Assert.Equal(topic, evicted.Str("topic"));
        Assert.False(evicted.GetProperty("params").GetProperty("unsub").GetBoolean());
        FrameAssert.Ctrl(await bob.SubAsync(topic), 403, "permission denied");
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "x"), 409, "must attach first");
    }

    [Fact]
    public async Task Banning_a_former_member_keeps_them_out()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        FrameAssert.Ctrl(await bob.LeaveAsync(topic, unsub: true), 200, "ok");

        var ban = await alice.SetSubAsync(topic, bob.UserId, "N");

        FrameAssert.Ctrl(ban, 200, "ok");
        Assert.Equal("N", ban.GetProperty("params").GetProperty("acs").Str("given"));

        FrameAssert.Ctrl(await bob.SubAsync(topic), 403, "permission denied");
        FrameAssert.Ctrl(await bob.SubAsync(topic, set: new JsonObject { ["sub"] = new JsonObject { ["mode"] = "JRWPS" } }), 403, "permission denied");
    }

    [Fact]
    public async Task R_missing_refuses_get_data_and_stops_delivery()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JWPS"), 200, "ok");

        await alice.PubAsync(topic, "unseen", noEcho: true);
        var (frames, ctrl) = await bob.GetDataAsync(topic);

        Assert.Empty(frames);
        FrameAssert.Ctrl(ctrl, 403, "permission denied");
        bob.AssertNotReceived("data", d => d.Str("topic") == topic, "data without R");
        FrameAssert.Ctrl(await bob.DelMsgAsync(topic, false, 1), 403, "permission denied");
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "writing blind"), 202, "accepted");
    }

    [Fact]
    public async Task W_missing_refuses_pub_and_typing_notes_with_403()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRPS"), 200, "ok");

        FrameAssert.Ctrl(await bob.PublishAsync(topic, "muted"), 403, "permission denied");
        await bob.NoteAsync(topic, "kp");
        await bob.BarrierAsync(topic);
        await alice.AssertNoInfoAsync(topic, topic, "kp");
        // Reading still works.
        var seq = await alice.PubAsync(topic, "you can read this");
        await bob.ExpectDataAsync(topic, seq);
    }

    [Fact]
    public async Task P_missing_stops_presence()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, bob);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRWS"), 200, "ok");

        await carol.SubAsync(topic);

        await alice.ExpectPresAsync(topic, "on", carol.UserId);
        await bob.AssertNoPresAsync(topic, topic, "on", carol.UserId);
    }

    [Fact]
    public async Task A_missing_refuses_removing_members_and_setting_their_mode()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, bob, carol);

        var remove = await bob.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = carol.UserId });
        var setMode = await bob.SetSubAsync(topic, carol.UserId, "JRP");

        FrameAssert.Ctrl(remove, 403, "permission denied");
        FrameAssert.Ctrl(setMode, 403, "permission denied");
        Assert.Equal(3, (await alice.GetDescAsync(topic)).Long("subcnt"));
    }

    [Fact]
    public async Task With_A_an_admin_removes_members_and_sets_their_mode()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        await using var dave = await broker.UserAsync("dave");
        var topic = await GroupAsync(alice, bob, carol, dave);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRWPAS"), 200, "ok");
        FrameAssert.Ctrl(await bob.SetSubAsync(topic, null, "JRWPAS"), 200, "ok");

        var setMode = await bob.SetSubAsync(topic, carol.UserId, "JRP");
        var remove = await bob.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = dave.UserId });
        var removeOwner = await bob.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = alice.UserId });
        var setOwner = await bob.SetSubAsync(topic, alice.UserId, "JRP");
        var grantO = await bob.SetSubAsync(topic, carol.UserId, "JRWPASDO");

        FrameAssert.Ctrl(setMode, 200, "ok");
        FrameAssert.Acs(setMode.GetProperty("params").GetProperty("acs"), "JRWPS", "JRP", "JRP");
        FrameAssert.Ctrl(remove, 200, "ok");
        FrameAssert.Ctrl(removeOwner, 403, "permission denied");
        FrameAssert.Ctrl(setOwner, 403, "permission denied");
        FrameAssert.Ctrl(grantO, 403, "permission denied");
        Assert.Equal(3, (await alice.GetDescAsync(topic)).Long("subcnt"));
    }

    [Fact]
    public async Task S_missing_refuses_invitations()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, bob);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRWP"), 200, "ok");

        FrameAssert.Ctrl(await bob.SetSubAsync(topic, carol.UserId, null), 403, "permission denied");
    }

    [Fact]
    public async Task With_S_a_member_invites_with_the_default_mode_only()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        await using var dave = await broker.UserAsync("dave");
        var topic = await GroupAsync(alice, bob);
        await carol.SubAsync("me");

        var invite = await bob.SetSubAsync(topic, carol.UserId, null);
        var explicitMode = await bob.SetSubAsync(topic, dave.UserId, "JRWPS");

        FrameAssert.Ctrl(invite, 200, "ok");
        Assert.Equal(carol.UserId, invite.GetProperty("params").Str("user"));
        FrameAssert.Acs(invite.GetProperty("params").GetProperty("acs"), "JRWPS", "JRWPS", "JRWPS");
        FrameAssert.Ctrl(explicitMode, 403, "permission denied");
        var pres = await carol.ExpectPresAsync("me", "acs", topic);
        Assert.Equal(bob.UserId, pres.Str("act"));
        Assert.Equal("JRWPS", pres.GetProperty("dacs").Str("given"));
        var sub = Assert.Single((await carol.GetSubsAsync("me")).EnumerateArray());
        Assert.Equal(topic, sub.Str("topic"));
        FrameAssert.Ctrl(await carol.SubAsync(topic), 200, "ok");
    }

    [Fact]
    public async Task Inviting_an_unknown_user_is_404_and_a_bad_user_id_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        FrameAssert.Ctrl(await alice.SetSubAsync(topic, "usrCAcGBQQDAgE", null), 404, "user not found");
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, "usr42", null), 400, "malformed");
    }

    [Fact]
    public async Task D_missing_turns_a_hard_delete_into_a_soft_one()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        var seq = await alice.PubAsync(topic, "keep me", noEcho: true);
        await bob.ExpectDataAsync(topic, seq);

        var ctrl = await bob.DelMsgAsync(topic, hard: true, seq);

        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Empty(await bob.GetSeqsAsync(topic));
        Assert.Equal(new[] { seq }, await alice.GetSeqsAsync(topic));
        FrameAssert.Ctrl((await alice.GetAsync(topic, "del")).GetProperty("ctrl"), 204, "no content");
    }

    [Fact]
    public async Task With_D_a_hard_delete_removes_the_message_for_everyone()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        var seq = await alice.PubAsync(topic, "oops", noEcho: true);
        await bob.ExpectDataAsync(topic, seq);

        FrameAssert.Ctrl(await alice.DelMsgAsync(topic, hard: true, seq), 200, "ok");

        Assert.Empty(await bob.GetSeqsAsync(topic));
        Assert.Empty(await alice.GetSeqsAsync(topic));
    }

    [Fact]
    public async Task O_missing_refuses_public_defacs_and_tags_even_for_an_admin()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRWPASD"), 200, "ok");
        FrameAssert.Ctrl(await bob.SetSubAsync(topic, null, "JRWPASD"), 200, "ok");

        var pub = await bob.SetAsync(topic, Desc(new JsonObject { ["public"] = new JsonObject { ["fn"] = "mine now" } }));
        var defacs = await bob.SetAsync(topic, Desc(new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "JRWP" } }));
        var tags = await bob.SetAsync(topic, new JsonObject { ["tags"] = new JsonArray("takeover") });
        var getTags = (await bob.GetAsync(topic, "tags")).GetProperty("ctrl");

        FrameAssert.Ctrl(pub, 403, "permission denied");
        FrameAssert.Ctrl(defacs, 403, "permission denied");
        FrameAssert.Ctrl(tags, 403, "permission denied");
        FrameAssert.Ctrl(getTags, 403, "permission denied");
    }

    [Fact]
    public async Task O_missing_makes_del_topic_a_leave()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        await alice.PubAsync(topic, "still here", noEcho: true);
        await bob.ExpectDataAsync(topic, 1);

        FrameAssert.Ctrl(await bob.DelAsync(topic, new JsonObject { ["what"] = "topic" }), 200, "ok");

        Assert.Equal(1, (await alice.GetDescAsync(topic)).Long("subcnt"));
        Assert.Equal(new long[] { 1 }, await alice.GetSeqsAsync(topic));
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "x"), 409, "must attach first");
    }

    [Fact]
    public async Task A_member_changes_its_own_want()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);

        var lower = await bob.SetSubAsync(topic, null, "JRWP");
        var same = await bob.SetSubAsync(topic, null, "JRWP");
        var noMode = await bob.SetSubAsync(topic, null, null);
        var back = await bob.SetSubAsync(topic, null, "JRWPS");
        var self = await bob.SetSubAsync(topic, bob.UserId, "JRP");

        FrameAssert.Ctrl(lower, 200, "ok");
        FrameAssert.Acs(lower.GetProperty("params").GetProperty("acs"), "JRWP", "JRWPS", "JRWP");
        Assert.False(lower.GetProperty("params").Has("user"));
        FrameAssert.Ctrl(same, 304, "not modified");
        FrameAssert.Ctrl(noMode, 304, "not modified");
        FrameAssert.Ctrl(back, 200, "ok");
        FrameAssert.Acs(back.GetProperty("params").GetProperty("acs"), "JRWPS", "JRWPS", "JRWPS");
        FrameAssert.Ctrl(self, 200, "ok");
        FrameAssert.Acs((await bob.GetDescAsync(topic)).GetProperty("acs"), "JRP", "JRWPS", "JRP");
    }

    [Fact]
    public async Task A_self_ban_evicts_and_a_sub_without_mode_lifts_it()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRWP"), 200, "ok");

        var ban = await bob.SetSubAsync(topic, null, "N");

        FrameAssert.Ctrl(ban, 200, "ok");
        FrameAssert.Acs(ban.GetProperty("params").GetProperty("acs"), "N", "JRWP", "N");
        var evicted = await bob.ExpectCtrlAsync(c => c.Long("code") == 205, "eviction after the self-ban");
        Assert.False(evicted.GetProperty("params").GetProperty("unsub").GetBoolean());
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "x"), 409, "must attach first");

        // No mode: want becomes given | default, no worse than the default.
        var back = await bob.SubAsync(topic);

        FrameAssert.Ctrl(back, 200, "ok");
        FrameAssert.Acs(back.GetProperty("params").GetProperty("acs"), "JRWPS", "JRWP", "JRWP");
    }

    [Fact]
    public async Task An_admin_wanting_admin_access_is_given_it_except_D_and_O()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRWPA"), 200, "ok");

        var raise = await bob.SetSubAsync(topic, null, "JRWPASD");

        FrameAssert.Ctrl(raise, 200, "ok");
        FrameAssert.Acs(raise.GetProperty("params").GetProperty("acs"), "JRWPASD", "JRWPAS", "JRWPAS");
    }

    [Fact]
    public async Task Re_inviting_a_member_without_mode_keeps_the_given_mode()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, bob, carol);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRP"), 200, "ok");

        // carol only has S: re-inviting cannot lift bob's restriction back to the default.
        var reinvite = await carol.SetSubAsync(topic, bob.UserId, null);

        FrameAssert.Ctrl(reinvite, 304, "not modified");
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "x"), 403, "permission denied");
    }

    [Fact]
    public async Task Wanting_more_than_given_does_not_grant_it()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);

        var ctrl = await bob.SetSubAsync(topic, null, "JRWPASD");

        FrameAssert.Acs(ctrl.GetProperty("params").GetProperty("acs"), "JRWPASD", "JRWPS", "JRWPS");
        FrameAssert.Ctrl(await bob.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = alice.UserId }), 403, "permission denied");
    }

    [Fact]
    public async Task An_admin_gives_and_takes_bits_and_the_member_is_told_on_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        await bob.SubAsync("me");

        var give = await alice.SetSubAsync(topic, bob.UserId, "JRWPSD");
        var again = await alice.SetSubAsync(topic, bob.UserId, "JRWPSD");

        FrameAssert.Ctrl(give, 200, "ok");
        Assert.Equal(bob.UserId, give.GetProperty("params").Str("user"));
        FrameAssert.Acs(give.GetProperty("params").GetProperty("acs"), "JRWPS", "JRWPSD", "JRWPS");
        FrameAssert.Ctrl(again, 304, "not modified");
        var pres = await bob.ExpectPresAsync("me", "acs", topic);
        Assert.Equal("+D", pres.GetProperty("dacs").Str("given"));
        Assert.Equal(alice.UserId, pres.Str("act"));

        var take = await alice.SetSubAsync(topic, bob.UserId, "JRPS");

        FrameAssert.Acs(take.GetProperty("params").GetProperty("acs"), "JRWPS", "JRPS", "JRPS");
        var taken = await bob.ExpectPresAsync("me", "acs", topic);
        Assert.Equal("-WD", taken.GetProperty("dacs").Str("given"));
        FrameAssert.Acs((await bob.GetDescAsync(topic)).GetProperty("acs"), "JRWPS", "JRPS", "JRPS");
    }

    [Fact]
    public async Task Sharers_attached_to_the_topic_get_pres_acs_when_a_members_access_changes()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, bob);

        await carol.SubAsync(topic);

        var pres = await alice.ExpectPresAsync(topic, "acs", carol.UserId);
        Assert.Equal("JRWPS", pres.GetProperty("dacs").Str("given"));
        // bob has S too.
        await bob.ExpectPresAsync(topic, "acs", carol.UserId);
    }

    [Fact]
    public async Task Ownership_is_offered_by_the_owner_and_accepted_by_the_target()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);
        await alice.SubAsync("me");

        var offer = await alice.SetSubAsync(topic, bob.UserId, "JRWPASDO");
        FrameAssert.Acs(offer.GetProperty("params").GetProperty("acs"), "JRWPS", "JRWPASDO", "JRWPS");
        // Offered, not yet owner.
        FrameAssert.Ctrl(await bob.SetAsync(topic, Desc(new JsonObject { ["public"] = "bob's" })), 403, "permission denied");

        var accept = await bob.SetSubAsync(topic, null, "JRWPASDO");

        FrameAssert.Ctrl(accept, 200, "ok");
        FrameAssert.Acs(accept.GetProperty("params").GetProperty("acs"), "JRWPASDO", "JRWPASDO", "JRWPASDO");
        FrameAssert.Acs((await alice.GetDescAsync(topic)).GetProperty("acs"), "JRWPASD", "JRWPASD", "JRWPASD");
        var lost = await alice.ExpectPresAsync("me", "acs", topic);
        Assert.Equal("-O", lost.GetProperty("dacs").Str("want"));
        Assert.Equal("-O", lost.GetProperty("dacs").Str("given"));
        Assert.Equal(bob.UserId, lost.Str("act"));
        FrameAssert.Ctrl(await bob.SetAsync(topic, Desc(new JsonObject { ["public"] = "bob's" })), 200, "ok");
        FrameAssert.Ctrl(await alice.SetAsync(topic, Desc(new JsonObject { ["public"] = "alice's" })), 403, "permission denied");
        FrameAssert.Ctrl(await bob.LeaveAsync(topic, unsub: true), 403, "permission denied");
        FrameAssert.Ctrl(await alice.LeaveAsync(topic, unsub: true), 200, "ok");
    }

    [Fact]
    public async Task Owner_bits_cannot_be_taken_or_dropped_or_claimed()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);

        FrameAssert.Ctrl(await alice.SetSubAsync(topic, null, "JRWPASD"), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, null, "RWPASDO"), 403, "permission denied");
        FrameAssert.Ctrl(await bob.SetSubAsync(topic, null, "JRWPASDO"), 403, "permission denied");
        FrameAssert.Ctrl(await bob.SubAsync(topic, set: new JsonObject { ["sub"] = new JsonObject { ["mode"] = "JRWPASDO" } }), 304, "already subscribed");
        FrameAssert.Acs((await bob.GetDescAsync(topic)).GetProperty("acs"), "JRWPS", "JRWPS", "JRWPS");
    }

    [Theory]
    [InlineData("JRZ")]
    [InlineData("+W")]
    [InlineData("J R")]
    public async Task A_malformed_mode_in_set_sub_is_400(string mode)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob);

        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, mode), 400, "malformed");
        FrameAssert.Ctrl(await bob.SetSubAsync(topic, null, mode), 400, "malformed");
    }

    [Fact]
    public async Task Owner_bit_in_defacs_is_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        var ctrl = await alice.SetAsync(topic, Desc(new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "JRWPO" } }));

        FrameAssert.Ctrl(ctrl, 400, "malformed");
    }

    [Fact]
    public async Task New_defacs_apply_to_members_who_join_later()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();

        FrameAssert.Ctrl(await alice.SetAsync(topic, Desc(new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "JRP" } })), 200, "ok");

        var joined = await bob.SubAsync(topic);
        FrameAssert.Acs(joined.GetProperty("params").GetProperty("acs"), "JRP", "JRP", "JRP");
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "x"), 403, "permission denied");
    }
}
