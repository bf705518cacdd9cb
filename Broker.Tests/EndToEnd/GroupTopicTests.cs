using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>Group topics: creation, joining, leaving, and the member limit.</summary>
public sealed class GroupTopicTests
{
    [Theory]
    [InlineData("new")]
    [InlineData("newTravelClub")]
    public async Task Sub_new_creates_a_group_with_the_creator_as_owner(string tmpName)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var ctrl = await alice.SubAsync(tmpName);

        FrameAssert.Ctrl(ctrl, 200, "ok");
        var topic = ctrl.Str("topic")!;
        Assert.Matches("^grp[A-Za-z0-9_-]{11}$", topic);
        Assert.Equal(tmpName, ctrl.GetProperty("params").Str("tmpname"));
        FrameAssert.Acs(ctrl.GetProperty("params").GetProperty("acs"), "JRWPASDO", "JRWPASDO", "JRWPASDO");

        var desc = await alice.GetDescAsync(topic);
        Assert.Equal("JRWPS", desc.GetProperty("defacs").Str("auth"));
        Assert.Equal("N", desc.GetProperty("defacs").Str("anon"));
        FrameAssert.Acs(desc.GetProperty("acs"), "JRWPASDO", "JRWPASDO", "JRWPASDO");
        Assert.Equal(1, desc.Long("subcnt"));
        Assert.Equal(0, desc.Long("seq"));
        Assert.True(desc.Has("created"));
        Assert.True(desc.Has("updated"));
    }

    [Fact]
    public async Task Each_sub_new_creates_a_different_group()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var first = await alice.CreateGroupAsync();
        var second = await alice.CreateGroupAsync();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Sub_new_applies_public_private_defacs_and_tags_from_set()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");

        var topic = await alice.CreateGroupAsync(new JsonObject
        {
            ["desc"] = new JsonObject
            {
                ["public"] = new JsonObject { ["fn"] = "Travel club" },
                ["private"] = new JsonObject { ["comment"] = "my group" },
                ["defacs"] = new JsonObject { ["auth"] = "JRWP", ["anon"] = "N" },
            },
            ["tags"] = new JsonArray("travel", "Hiking"),
        });

        var desc = await alice.GetDescAsync(topic);
        Assert.Equal("Travel club", desc.GetProperty("public").Str("fn"));
        Assert.Equal("my group", desc.GetProperty("private").Str("comment"));
        Assert.Equal("JRWP", desc.GetProperty("defacs").Str("auth"));
        var tags = (await alice.GetAsync(topic, "tags")).GetProperty("meta").GetProperty("tags");
        Assert.Equal(new[] { "travel", "hiking" }, tags.EnumerateArray().Select(t => t.GetString()!).ToArray());

        // Another user joins with the group's default, sees the public but not the owner's private.
        var joined = await bob.SubAsync(topic);
        FrameAssert.Acs(joined.GetProperty("params").GetProperty("acs"), "JRWP", "JRWP", "JRWP");
        var bobDesc = await bob.GetDescAsync(topic);
        Assert.Equal("Travel club", bobDesc.GetProperty("public").Str("fn"));
        Assert.False(bobDesc.Has("private"));
    }

    [Fact]
    public async Task Sub_new_with_owner_bit_in_defacs_is_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var ctrl = await alice.SubAsync("new", set: new JsonObject
        {
            ["desc"] = new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "JRWPO" } },
        });

        FrameAssert.Ctrl(ctrl, 400, "malformed");
    }

    [Theory]
    [InlineData("JRX")]
    [InlineData("+W")]
    public async Task Sub_new_with_a_malformed_mode_is_400(string mode)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var ctrl = await alice.SubAsync("new", set: new JsonObject { ["sub"] = new JsonObject { ["mode"] = mode } });

        FrameAssert.Ctrl(ctrl, 400, "malformed");
    }

    [Fact]
    public async Task Sub_new_forces_join_and_owner_into_the_creators_want()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var ctrl = await alice.SubAsync("new", set: new JsonObject { ["sub"] = new JsonObject { ["mode"] = "RWP" } });

        FrameAssert.Ctrl(ctrl, 200, "ok");
        FrameAssert.Acs(ctrl.GetProperty("params").GetProperty("acs"), "JRWPO", "JRWPASDO", "JRWPO");
    }

    [Fact]
    public async Task A_second_sub_on_the_same_session_is_304_already_subscribed()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        var ctrl = await alice.SubAsync(topic);

        FrameAssert.Ctrl(ctrl, 304, "already subscribed");
        Assert.Equal(topic, ctrl.Str("topic"));
    }

    [Fact]
    public async Task Another_user_joins_with_the_group_default_JRWPS()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();

        var ctrl = await bob.SubAsync(topic);

        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Equal(topic, ctrl.Str("topic"));
        Assert.False(ctrl.GetProperty("params").Has("tmpname"));
        FrameAssert.Acs(ctrl.GetProperty("params").GetProperty("acs"), "JRWPS", "JRWPS", "JRWPS");
        Assert.Equal(2, (await alice.GetDescAsync(topic)).Long("subcnt"));
    }

    [Fact]
    public async Task Joining_with_a_requested_mode_sets_the_want()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();

        var ctrl = await bob.SubAsync(topic, set: new JsonObject { ["sub"] = new JsonObject { ["mode"] = "JRP" } });

        FrameAssert.Acs(ctrl.GetProperty("params").GetProperty("acs"), "JRP", "JRWPS", "JRP");
    }

    [Fact]
    public async Task Sub_with_get_replies_ctrl_first_then_desc_sub_and_data()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await alice.PubAsync(topic, "one");
        await alice.PubAsync(topic, "two");

        await bob.SendAsync(new JsonObject
        {
            ["sub"] = new JsonObject
            {
                ["id"] = "s1",
                ["topic"] = topic,
                ["get"] = new JsonObject { ["what"] = "desc sub data", ["data"] = new JsonObject { ["limit"] = 10 } },
            },
        });
        var delivered = await bob.ExpectCtrlAsync(c => c.Str("id") == "s1" && c.Long("code") == 208, "208 after sub with get");

        var frames = bob.Backlog.ToList();
        Assert.Equal(5, frames.Count);
        FrameAssert.Ctrl(frames[0].GetProperty("ctrl"), 200, "ok");
        Assert.True(frames[1].GetProperty("meta").Has("desc"));
        Assert.Equal(2, frames[2].GetProperty("meta").GetProperty("sub").GetArrayLength());
        Assert.Equal(2, frames[3].GetProperty("data").Long("seq"));
        Assert.Equal(1, frames[4].GetProperty("data").Long("seq"));
        Assert.Equal(2, delivered.GetProperty("params").Long("count"));
    }

    [Fact]
    public async Task Sub_to_a_group_that_does_not_exist_is_404()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await alice.SubAsync("grpCAcGBQQDAgE"), 404, "topic not found");
    }

    [Fact]
    public async Task Leave_detaches_and_a_later_sub_attaches_again_without_changes()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);

        var left = await bob.LeaveAsync(topic);

        FrameAssert.Ctrl(left, 200, "ok");
        Assert.Equal(topic, left.Str("topic"));
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "x"), 409, "must attach first");
        // Still a member.
        Assert.Equal(2, (await alice.GetDescAsync(topic)).Long("subcnt"));
        var again = await bob.SubAsync(topic);
        FrameAssert.Ctrl(again, 200, "ok");
        Assert.False(again.Has("params"));
    }

    [Fact]
    public async Task After_members_leave_from_the_middle_the_rest_still_publish_and_receive()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();
        var members = new List<TestClient>();
        for (var i = 0; i < 5; i++)
        {
            var member = await broker.UserAsync("member" + i);
            members.Add(member);
            FrameAssert.Ctrl(await member.SubAsync(topic), 200, "ok");
        }

        try
        {
            FrameAssert.Ctrl(await members[1].LeaveAsync(topic), 200, "ok");
            FrameAssert.Ctrl(await members[3].LeaveAsync(topic), 200, "ok");

            var staying = new[] { alice, members[0], members[2], members[4] };
            foreach (var sender in staying)
            {
                var seq = await sender.PubAsync(topic, "from " + sender.GetHashCode());
                foreach (var receiver in staying)
                {
                    await receiver.ExpectDataAsync(topic, seq);
                }
            }

            FrameAssert.Ctrl(await members[1].PublishAsync(topic, "x"), 409, "must attach first");
            FrameAssert.Ctrl(await members[3].PublishAsync(topic, "x"), 409, "must attach first");
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Leave_when_not_attached_is_304_not_joined()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();

        FrameAssert.Ctrl(await bob.LeaveAsync(topic), 304, "not joined");
        FrameAssert.Ctrl(await bob.LeaveAsync("grpCAcGBQQDAgE"), 304, "not joined");
    }

    [Fact]
    public async Task Leave_unsub_when_not_attached_is_409_must_attach_first()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await bob.LeaveAsync(topic);

        FrameAssert.Ctrl(await bob.LeaveAsync(topic, unsub: true), 409, "must attach first");
        FrameAssert.Ctrl(await bob.LeaveAsync("grpCAcGBQQDAgE", unsub: true), 409, "must attach first");
    }

    [Fact]
    public async Task Leave_unsub_removes_the_subscription()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);

        FrameAssert.Ctrl(await bob.LeaveAsync(topic, unsub: true), 200, "ok");

        var members = await alice.GetSubsAsync(topic);
        Assert.Equal(new[] { alice.UserId }, members.EnumerateArray().Select(m => m.Str("user")).ToArray());
        Assert.Equal(1, (await alice.GetDescAsync(topic)).Long("subcnt"));
        // Joining again makes a new subscription with the default mode.
        var again = await bob.SubAsync(topic);
        FrameAssert.Acs(again.GetProperty("params").GetProperty("acs"), "JRWPS", "JRWPS", "JRWPS");
    }

    [Fact]
    public async Task Leave_unsub_evicts_the_users_other_sessions_on_the_topic()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var bobPhone = await broker.SessionOfAsync(bob);
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await bobPhone.SubAsync(topic);

        FrameAssert.Ctrl(await bob.LeaveAsync(topic, unsub: true), 200, "ok");

        var evicted = await bobPhone.ExpectCtrlAsync(c => c.Long("code") == 205, "205 on the other session");
        FrameAssert.Ctrl(evicted, 205, "evicted");
        Assert.Equal(topic, evicted.Str("topic"));
        Assert.True(evicted.GetProperty("params").GetProperty("unsub").GetBoolean());
        Assert.False(evicted.Has("id"));
    }

    [Fact]
    public async Task The_owner_cannot_leave_unsub()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        FrameAssert.Ctrl(await alice.LeaveAsync(topic, unsub: true), 403, "permission denied");

        // Still attached and still the owner.
        FrameAssert.Ctrl(await alice.SubAsync(topic), 304, "already subscribed");
    }

    [Fact]
    public async Task The_member_limit_answers_422()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxSubscriberCount=2");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(topic), 200, "ok");

        FrameAssert.Ctrl(await carol.SubAsync(topic), 422, "policy violation");
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, carol.UserId, null), 422, "policy violation");

        // A place frees up when someone leaves.
        FrameAssert.Ctrl(await bob.LeaveAsync(topic, unsub: true), 200, "ok");
        FrameAssert.Ctrl(await carol.SubAsync(topic), 200, "ok");
    }

    [Fact]
    public async Task Members_see_each_other_in_get_sub()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await bob.LeaveAsync(topic);

        var members = (await alice.GetSubsAsync(topic)).EnumerateArray().ToDictionary(m => m.Str("user")!);

        Assert.Equal(2, members.Count);
        var own = members[alice.UserId!];
        FrameAssert.Acs(own.GetProperty("acs"), "JRWPASDO", "JRWPASDO", "JRWPASDO");
        Assert.Equal("alice", own.GetProperty("public").Str("fn"));
        Assert.True(own.GetProperty("online").GetBoolean());
        var other = members[bob.UserId!];
        FrameAssert.Acs(other.GetProperty("acs"), "JRWPS", "JRWPS", "JRWPS");
        Assert.Equal("bob", other.GetProperty("public").Str("fn"));
        Assert.False(other.GetProperty("online").GetBoolean());
        Assert.True(other.Has("updated"));
    }

    [Fact]
    public async Task Get_sub_with_a_user_filter_returns_only_that_member()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);

        var reply = await alice.GetAsync(topic, "sub", new JsonObject { ["sub"] = new JsonObject { ["user"] = bob.UserId } });

        var member = Assert.Single(reply.GetProperty("meta").GetProperty("sub").EnumerateArray());
        Assert.Equal(bob.UserId, member.Str("user"));
    }
}
