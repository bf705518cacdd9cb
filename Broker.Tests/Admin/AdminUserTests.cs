using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Admin;

public sealed class AdminUserTests
{
    private static Task<TestBroker> StartAsync() => TestBroker.StartAsync("--Broker:Admin:Key=" + AdminClient.Key);

    [Fact]
    public async Task Api_is_absent_without_a_key_and_refuses_a_wrong_key()
    {
        await using (var plain = await TestBroker.StartAsync())
        {
            using var admin = new AdminClient(plain.BaseUri);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v0/admin/topics")).Status);
        }

        await using var broker = await StartAsync();
        using var wrong = new AdminClient(broker.BaseUri, "not-the-admin-key-at-all");
        using var none = new AdminClient(broker.BaseUri, null);
        using var header = new AdminClient(broker.BaseUri, null);
        header.Http.DefaultRequestHeaders.Add("X-Admin-Key", AdminClient.Key);

        var (status, body) = await wrong.GetAsync("/v0/admin/topics");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("admin key required", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/v0/admin/topics")).Status);
        Assert.Equal(HttpStatusCode.OK, (await header.GetAsync("/v0/admin/topics")).Status);
    }

    [Fact]
    public async Task Created_user_logs_in_and_reads_and_updates_its_public()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        var id = await admin.CreateUserAsync("carol");
        await using var carol = await broker.ConnectAsync();
        await carol.HiAsync();
        Assert.Equal(200, (await carol.LoginAsync("carol")).GetProperty("code").GetInt32());
        Assert.Equal(id, carol.UserId);
        await carol.SubAsync("me");

        var (found, user) = await admin.GetAsync("/v0/admin/users?login=Carol");
        var (patched, updated) = await admin.PatchAsync($"/v0/admin/users/{id}", new JsonObject { ["public"] = new JsonObject { ["note"] = "vip" } });

        Assert.Equal(HttpStatusCode.OK, found);
        Assert.Equal(id, user.GetProperty("id").GetString());
        Assert.True(user.GetProperty("online").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal("carol", updated.GetProperty("public").GetProperty("fn").GetString());
        Assert.Equal("vip", updated.GetProperty("public").GetProperty("note").GetString());
        await carol.ExpectPresAsync("me", "upd");
        var getId = carol.NextId();
        await carol.SendAsync(new JsonObject { ["get"] = new JsonObject { ["id"] = getId, ["topic"] = "me", ["what"] = "desc" } });
        var meta = await carol.ExpectMetaAsync(getId, "desc");
        Assert.Equal("vip", meta.GetProperty("desc").GetProperty("public").GetProperty("note").GetString());
    }

    [Fact]
    public async Task External_user_gets_a_token_that_logs_in_with_the_token_scheme()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);

        var (created, user) = await admin.PostAsync("/v0/admin/users", new JsonObject
        {
            ["external"] = "crm-42",
            ["id"] = "usrCAcGBQQDAgE",
            ["public"] = new JsonObject { ["fn"] = "Dora" },
        });
        var (duplicate, error) = await admin.PostAsync("/v0/admin/users", new JsonObject { ["external"] = "crm-42" });
        var (found, byExternal) = await admin.GetAsync("/v0/admin/users?external=crm-42");
        var (issued, token) = await admin.PostAsync("/v0/admin/users/usrCAcGBQQDAgE/token", null);

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("usrCAcGBQQDAgE", user.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, duplicate);
        Assert.Equal("external id already taken", error.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, found);
        Assert.Equal("usrCAcGBQQDAgE", byExternal.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, issued);
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var login = await client.LoginTokenAsync(token.GetProperty("token").GetString()!);
        Assert.Equal(200, login.GetProperty("code").GetInt32());
        Assert.Equal("usrCAcGBQQDAgE", client.UserId);
    }

    [Fact]
    public async Task Invalid_requests_get_json_errors()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await admin.CreateUserAsync("erin");

        var malformed = await admin.SendAsync(HttpMethod.Post, "/v0/admin/users", "{\"login\":");
        var both = await admin.PostAsync("/v0/admin/users", new JsonObject { ["login"] = "x1", ["password"] = "p12345", ["external"] = "e" });
        var weak = await admin.PostAsync("/v0/admin/users", new JsonObject { ["login"] = "frank", ["password"] = "p" });
        var taken = await admin.PostAsync("/v0/admin/users", new JsonObject { ["login"] = "erin", ["password"] = "secret123" });
        var badId = await admin.GetAsync("/v0/admin/users/nobody");
        var missing = await admin.GetAsync("/v0/admin/users/usrCAcGBQQDAgE");
        var badState = await admin.PatchAsync("/v0/admin/users/usrCAcGBQQDAgE", new JsonObject { ["state"] = "gone" });

        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.StartsWith("malformed JSON", malformed.Body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, both.Status);
        Assert.Equal((HttpStatusCode)422, weak.Status);
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badId.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("user not found", missing.Body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badState.Status);
    }

    [Fact]
    public async Task Suspending_evicts_every_session_and_refuses_login_and_tokens()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        var id = await admin.CreateUserAsync("gina");
        await using var gina = await broker.ConnectAsync();
        await gina.HiAsync();
        await gina.LoginAsync("gina");

        var (status, user) = await admin.PatchAsync($"/v0/admin/users/{id}", new JsonObject { ["state"] = "suspended" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("suspended", user.GetProperty("state").GetString());
        var evicted = await gina.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 205, "205 evicted");
        Assert.Equal("evicted", evicted.GetProperty("text").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await gina.WaitClosedAsync());
        await using var again = await broker.ConnectAsync();
        await again.HiAsync();
        Assert.Equal(403, (await again.LoginAsync("gina")).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/v0/admin/users/{id}/token", null)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v0/admin/users/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v0/admin/users/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/v0/admin/users/{id}")).Status);
    }

    [Fact]
    public async Task Deleting_a_user_removes_it_from_its_topics_like_del_user_does()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var ivy = await broker.UserAsync("ivy");
        await using var jon = await broker.UserAsync("jon");
        var group = await ivy.CreateGroupAsync();
        await jon.SubAsync(group);
        await ivy.SubAsync(jon.UserId!);
        await ivy.PubAsync(jon.UserId!, "hi");
        await ivy.SubAsync("me");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v0/admin/users/{jon.UserId}")).Status);

        // jon's sessions are evicted, and he is gone from the group he joined; the p2p topic with him is deleted.
        await jon.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 205, "205 evicted");
        Assert.Equal(1, (await ivy.GetDescAsync(group)).Long("subcnt"));
        await ivy.ExpectPresAsync("me", "gone", jon.UserId);
        await using var again = await broker.ConnectAsync();
        await again.HiAsync();
        Assert.Equal(401, (await again.LoginAsync("jon")).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Custom_notification_reaches_the_users_sessions_on_me()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var hank = await broker.ConnectAsync();
        await hank.RegisterAsync("hank");
        await hank.SubAsync("me");

        var (status, body) = await admin.PostAsync($"/v0/admin/users/{hank.UserId}/notify",
            new JsonObject { ["payload"] = new JsonObject { ["kind"] = "invoice", ["amount"] = 12 } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("sessions").GetInt32());
        var info = await hank.ExpectInfoAsync("me", "custom");
        Assert.Equal("invoice", info.GetProperty("payload").GetProperty("kind").GetString());
        Assert.Equal(12, info.GetProperty("payload").GetProperty("amount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/v0/admin/users/{hank.UserId}/notify", new JsonObject())).Status);
    }
}
