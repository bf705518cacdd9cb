using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{acc}</c>: creating accounts with the basic scheme, and changing the password.</summary>
public sealed class AccountTests
{
    private const string UserIdPattern = "^usr[A-Za-z0-9_-]{11}$";

    private static JsonObject NewAccount(string login, string password, bool logIn, JsonObject? desc = null) => new()
    {
        ["user"] = "new",
        ["scheme"] = "basic",
        ["secret"] = TestClient.BasicSecret(login, password),
        ["login"] = logIn,
        ["desc"] = desc ?? new JsonObject { ["public"] = new JsonObject { ["fn"] = login } },
    };

    [Fact]
    public async Task Create_with_login_replies_200_with_user_token_expiry_and_desc()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var ctrl = await client.RequestAsync("acc", NewAccount("alice", "secret123", true, new JsonObject
        {
            ["public"] = new JsonObject { ["fn"] = "Alice Johnson" },
            ["private"] = new JsonObject { ["comment"] = "mine" },
        }));

        FrameAssert.Ctrl(ctrl, 200, "ok");
        var p = ctrl.GetProperty("params");
        Assert.Matches(UserIdPattern, p.Str("user"));
        Assert.Equal("auth", p.Str("authlvl"));
        Assert.False(string.IsNullOrEmpty(p.Str("token")));
        Assert.True(DateTime.Parse(p.Str("expires")!, null, System.Globalization.DateTimeStyles.AdjustToUniversal) > DateTime.UtcNow.AddDays(1));
        var desc = p.GetProperty("desc");
        Assert.Equal("Alice Johnson", desc.GetProperty("public").Str("fn"));
        Assert.Equal("mine", desc.GetProperty("private").Str("comment"));
        Assert.Equal("JRWPAS", desc.GetProperty("defacs").Str("auth"));
        Assert.Equal("N", desc.GetProperty("defacs").Str("anon"));
        Assert.True(desc.Has("created"));

        // The session is now authenticated.
        FrameAssert.Ctrl(await client.SubAsync("me"), 200, "ok");
    }

    [Fact]
    public async Task Create_without_login_replies_201_and_leaves_the_session_unauthenticated()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var ctrl = await client.RequestAsync("acc", NewAccount("alice", "secret123", false));

        FrameAssert.Ctrl(ctrl, 201, "created");
        var p = ctrl.GetProperty("params");
        Assert.Matches(UserIdPattern, p.Str("user"));
        Assert.Equal("auth", p.Str("authlvl"));
        Assert.False(p.Has("token"));
        Assert.Equal("alice", p.GetProperty("desc").GetProperty("public").Str("fn"));
        FrameAssert.Ctrl(await client.SubAsync("me"), 401, "authentication required");

        // The account exists: logging in works.
        var login = await client.LoginAsync("alice");
        FrameAssert.Ctrl(login, 200, "ok");
        Assert.Equal(p.Str("user"), login.GetProperty("params").Str("user"));
    }

    [Fact]
    public async Task Creating_another_account_on_an_authenticated_session_without_login_is_allowed()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");

        var ctrl = await client.RequestAsync("acc", NewAccount("bob", "secret123", false));

        FrameAssert.Ctrl(ctrl, 201, "created");
        Assert.NotEqual(client.UserId, ctrl.GetProperty("params").Str("user"));
    }

    [Fact]
    public async Task Create_with_login_on_an_authenticated_session_is_409()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await client.RequestAsync("acc", NewAccount("bob", "secret123", true)), 409, "already authenticated");
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    public async Task A_taken_login_is_409_duplicate_credential(string second)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var first = await broker.UserAsync("alice");
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var ctrl = await client.RequestAsync("acc", NewAccount(second, "other123", true));

        FrameAssert.Ctrl(ctrl, 409, "duplicate credential");
        FrameAssert.Ctrl(await client.SubAsync("me"), 401, "authentication required");
    }

    [Theory]
    [InlineData("alice", "ab")]
    [InlineData("alice", "")]
    [InlineData("a", "secret123")]
    [InlineData("bad login", "secret123")]
    [InlineData("_alice", "secret123")]
    [InlineData("alice_", "secret123")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "secret123")]
    public async Task A_weak_password_or_bad_login_is_422_policy_violation(string login, string password)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var ctrl = await client.RequestAsync("acc", NewAccount(login, password, true));

        FrameAssert.Ctrl(ctrl, 422, "policy violation");
        Assert.Equal("auth", ctrl.GetProperty("params").Str("what"));
    }

    [Fact]
    public async Task Login_and_password_minimums_come_from_configuration()
    {
        await using var broker = await TestBroker.StartAsync("--Auth:MinLoginLength=4", "--Auth:MinPasswordLength=8");
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        FrameAssert.Ctrl(await client.RequestAsync("acc", NewAccount("bob", "longenough", true)), 422, "policy violation");
        FrameAssert.Ctrl(await client.RequestAsync("acc", NewAccount("bobby", "short12", true)), 422, "policy violation");
        FrameAssert.Ctrl(await client.RequestAsync("acc", NewAccount("bobby", "longenough", true)), 200, "ok");
    }

    [Theory]
    [InlineData("rest", 400, "malformed")]
    [InlineData("", 400, "malformed")]
    [InlineData("anonymous", 501, "not implemented")]
    public async Task Create_with_an_unsupported_scheme(string scheme, int code, string text)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var body = NewAccount("alice", "secret123", true);
        body["scheme"] = scheme;

        FrameAssert.Ctrl(await client.RequestAsync("acc", body), code, text);
    }

    [Fact]
    public async Task Create_with_a_secret_that_is_not_base64_login_colon_password_is_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var body = NewAccount("alice", "secret123", true);
        body["secret"] = "%%%";
        var noColon = NewAccount("alice", "secret123", true);
        noColon["secret"] = Convert.ToBase64String("alice"u8.ToArray());

        FrameAssert.Ctrl(await client.RequestAsync("acc", body), 400, "malformed");
        FrameAssert.Ctrl(await client.RequestAsync("acc", noColon), 400, "malformed");
    }

    [Fact]
    public async Task User_ids_are_usr_plus_11_base64url_characters_and_unique()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var ids = new List<string>();

        for (var i = 0; i < 8; i++)
        {
            var ctrl = await client.RequestAsync("acc", NewAccount("user" + i, "secret123", false));
            FrameAssert.Ctrl(ctrl, 201, "created");
            ids.Add(ctrl.GetProperty("params").Str("user")!);
        }

        Assert.All(ids, id => Assert.Matches(UserIdPattern, id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Tags_given_at_creation_become_the_users_tags_and_credentials_wait_unconfirmed()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var body = NewAccount("alice", "secret123", true);
        body["tags"] = new JsonArray("Travel", "flowers");
        body["cred"] = new JsonArray(new JsonObject { ["meth"] = "email", ["val"] = "Alice@Example.com" });
        FrameAssert.Ctrl(await client.RequestAsync("acc", body), 200, "ok");

        var tags = (await client.GetAsync("me", "tags")).GetProperty("meta").GetProperty("tags");
        var creds = (await client.GetAsync("me", "cred")).GetProperty("meta").GetProperty("cred");

        // A credential's tag comes with its confirmation (Identity/CredentialValidationTests), not before.
        Assert.Equal(new[] { "travel", "flowers", "basic:alice" }, tags.EnumerateArray().Select(t => t.GetString()!).ToArray());
        var cred = Assert.Single(creds.EnumerateArray());
        Assert.Equal("email", cred.Str("meth"));
        Assert.Equal("alice@example.com", cred.Str("val"));
        Assert.False(cred.GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task Bad_tags_are_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var body = NewAccount("alice", "secret123", true);
        body["tags"] = new JsonArray("x");

        FrameAssert.Ctrl(await client.RequestAsync("acc", body), 400, "malformed");
    }

    [Fact]
    public async Task The_password_can_be_changed_by_the_logged_in_user()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var ctrl = await alice.RequestAsync("acc", new JsonObject { ["scheme"] = "basic", ["secret"] = TestClient.BasicSecret("", "newpass1") });

        FrameAssert.Ctrl(ctrl, 200, "ok");
        await using var fresh = await broker.ConnectAsync();
        await fresh.HiAsync();
        FrameAssert.Ctrl(await fresh.LoginAsync("alice", "secret123"), 401, "authentication failed");
        FrameAssert.Ctrl(await fresh.LoginAsync("alice", "newpass1"), 200, "ok");
    }

    [Fact]
    public async Task Changing_the_password_requires_authentication_and_the_policy()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var anonymous = await broker.ConnectAsync();
        await anonymous.HiAsync();

        var unauthenticated = await anonymous.RequestAsync("acc", new JsonObject { ["user"] = alice.UserId, ["scheme"] = "basic", ["secret"] = TestClient.BasicSecret("", "newpass1") });
        var weak = await alice.RequestAsync("acc", new JsonObject { ["scheme"] = "basic", ["secret"] = TestClient.BasicSecret("", "x") });

        FrameAssert.Ctrl(unauthenticated, 401, "authentication required");
        FrameAssert.Ctrl(weak, 422, "policy violation");
    }
}
