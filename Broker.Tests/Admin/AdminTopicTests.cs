using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Admin;

public sealed class AdminTopicTests
{
    private const string SystemUser = "usrCAcGBQQDAgE";

    private static Task<TestBroker> StartAsync(params string[] extra) =>
        TestBroker.StartAsync(["--Broker:Admin:Key=" + AdminClient.Key, .. extra]);

    private static async Task<string> CreateGroupAsync(AdminClient admin, string owner, params (string User, string? Mode)[] members)
    {
        var list = new JsonArray();
        foreach (var (user, mode) in members)
        {
            list.Add(new JsonObject { ["user"] = user, ["mode"] = mode });
        }

        var (status, body) = await admin.PostAsync("/v0/admin/topics", new JsonObject
        {
            ["owner"] = owner,
            ["public"] = new JsonObject { ["fn"] = "Ops room" },
            ["members"] = list,
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("name").GetString()!;
    }

    [Fact]
    public async Task Group_created_with_members_receives_admin_messages_live()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var owner = await broker.ConnectAsync();
        await owner.RegisterAsync("olga");
        await using var member = await broker.ConnectAsync();
        await member.RegisterAsync("mike");
        await member.SubAsync("me");

        var group = await CreateGroupAsync(admin, owner.UserId!, (member.UserId!, "JRWP"));

        var acs = await member.ExpectPresAsync("me", "acs", group);
        Assert.Equal("JRWP", acs.GetProperty("dacs").GetProperty("given").GetString());
        var joined = await member.SubAsync(group);
        Assert.Equal(200, joined.GetProperty("code").GetInt32());
        var (fetched, topic) = await admin.GetAsync($"/v0/admin/topics/{group}");
        Assert.Equal(HttpStatusCode.OK, fetched);
        Assert.Equal(owner.UserId, topic.GetProperty("owner").GetString());
        var members = topic.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("user").GetString()!);
        Assert.Equal("JRWPASDO", members[owner.UserId!].GetProperty("mode").GetString());
        Assert.Equal("JRWP", members[member.UserId!].GetProperty("mode").GetString());
        Assert.True(members[member.UserId!].GetProperty("online").GetBoolean());

        var (posted, seq) = await admin.PostAsync($"/v0/admin/topics/{group}/messages", new JsonObject
        {
            ["from"] = owner.UserId,
            ["head"] = new JsonObject { ["mime"] = "text/plain", ["sender"] = "forged" },
            ["content"] = "from the back office",
        });
        var (system, systemSeq) = await admin.PostAsync($"/v0/admin/topics/{group}/messages", new JsonObject { ["content"] = "maintenance at noon" });

        Assert.Equal(HttpStatusCode.Accepted, posted);
        Assert.Equal(1, seq.GetProperty("seq").GetInt64());
        var data = await member.ExpectDataAsync(group, 1);
        Assert.Equal(owner.UserId, data.GetProperty("from").GetString());
        Assert.Equal("from the back office", data.GetProperty("content").GetString());
        Assert.False(data.GetProperty("head").TryGetProperty("sender", out _));
        Assert.Equal(HttpStatusCode.Accepted, system);
        var systemData = await member.ExpectDataAsync(group, systemSeq.GetProperty("seq").GetInt64());
        Assert.False(systemData.TryGetProperty("from", out _));
        Assert.Equal("maintenance at noon", systemData.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Removing_a_member_evicts_and_changing_access_takes_effect()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var owner = await broker.ConnectAsync();
        await owner.RegisterAsync("oscar");
        await using var member = await broker.ConnectAsync();
        await member.RegisterAsync("nina");
        var group = await CreateGroupAsync(admin, owner.UserId!);

        var (added, addedBody) = await admin.PutAsync($"/v0/admin/topics/{group}/members/{member.UserId}", new JsonObject { ["mode"] = "JRWP" });
        await member.SubAsync(group);
        await member.PubAsync(group, "first");
        var (changed, changedBody) = await admin.PutAsync($"/v0/admin/topics/{group}/members/{member.UserId}", new JsonObject { ["mode"] = "JR" });
        var refused = await member.RequestAsync("pub", new JsonObject { ["topic"] = group, ["content"] = "second" });
        var (removed, _) = await admin.DeleteAsync($"/v0/admin/topics/{group}/members/{member.UserId}");

        Assert.Equal(HttpStatusCode.Created, added);
        Assert.Equal("JRWP", addedBody.GetProperty("mode").GetString());
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal("JR", changedBody.GetProperty("mode").GetString());
        Assert.Equal(403, refused.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, removed);
        var evicted = await member.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 205, "205 evicted");
        Assert.Equal(group, evicted.GetProperty("topic").GetString());
        Assert.True(evicted.GetProperty("params").GetProperty("unsub").GetBoolean());
        var (_, topic) = await admin.GetAsync($"/v0/admin/topics/{group}");
        Assert.Single(topic.GetProperty("members").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/v0/admin/topics/{group}/members/{member.UserId}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/v0/admin/topics/{group}/members/{owner.UserId}")).Status);
    }

    [Fact]
    public async Task Deleting_a_group_tells_members_and_forgets_it()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var owner = await broker.ConnectAsync();
        await owner.RegisterAsync("paula");
        await using var member = await broker.ConnectAsync();
        await member.RegisterAsync("quinn");
        var group = await CreateGroupAsync(admin, owner.UserId!, (member.UserId!, null));
        await member.SubAsync("me");
        await member.SubAsync(group);

        var (deleted, _) = await admin.DeleteAsync($"/v0/admin/topics/{group}");

        Assert.Equal(HttpStatusCode.NoContent, deleted);
        await member.ExpectPresAsync("me", "gone", group);
        var (missing, error) = await admin.GetAsync($"/v0/admin/topics/{group}");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("topic not found", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/v0/admin/topics/{group}/messages", new JsonObject { ["content"] = "x" })).Status);
    }

    [Fact]
    public async Task Groups_are_listed_in_pages_and_validated()
    {
        await using var broker = await StartAsync("--Broker:Admin:SystemUser=" + SystemUser);
        using var admin = new AdminClient(broker.BaseUri);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v0/admin/users", new JsonObject { ["external"] = "system", ["id"] = SystemUser })).Status);
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await admin.PostAsync("/v0/admin/topics", new JsonObject { ["public"] = new JsonObject { ["fn"] = $"g{i}" } });
            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal(SystemUser, body.GetProperty("owner").GetString());
            names.Add(body.GetProperty("name").GetString()!);
        }

        var (_, first) = await admin.GetAsync("/v0/admin/topics?limit=2");
        var next = first.GetProperty("next").GetString();
        var (_, second) = await admin.GetAsync($"/v0/admin/topics?limit=2&after={next}");
        var listed = first.GetProperty("topics").EnumerateArray().Concat(second.GetProperty("topics").EnumerateArray())
            .Select(t => t.GetProperty("name").GetString()).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), listed);
        Assert.Equal(JsonValueKind.Null, second.TryGetProperty("next", out var end) ? end.ValueKind : JsonValueKind.Null);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/v0/admin/topics?limit=0")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/v0/admin/topics/nonsense")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/v0/admin/topics", new JsonObject
        {
            ["members"] = new JsonArray(new JsonObject { ["user"] = "usriHdmVUQzIhE" }),
        })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync($"/v0/admin/topics/{names[0]}/members/{SystemUser}", new JsonObject { ["mode"] = "JRWPO" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/v0/admin/topics/{names[0]}/messages", new JsonObject())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync($"/v0/admin/topics/{names[0]}/messages",
            new JsonObject { ["from"] = "usriHdmVUQzIhE", ["content"] = "hi" })).Status);
    }
}
