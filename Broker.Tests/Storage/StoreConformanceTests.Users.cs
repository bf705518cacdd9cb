using Broker.Protocol.Access;
using Broker.Storage;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task User_round_trips_every_field()
    {
        var user = User(-7_123_456_789_012, minutes: 3) with
        {
            State = UserState.Suspended,
            DefaultAuth = AccessModes.Auth,
            DefaultAnon = AccessMode.Join | AccessMode.Read,
            Public = """{"fn":"Alice ✓","photo":null}""",
            Trusted = """{"verified":true}""",
            Tags = ["email:alice@example.com", "tel:+1555"],
            LastSeen = At(9),
            UserAgent = "tinodejs/0.23",
        };

        await Backend.Users.CreateAsync(user, Login(user.Id, "alice"), [], Ct);

        AssertSameUser(user, await Backend.Users.GetAsync(user.Id, Ct));
    }

    [Fact]
    public async Task A_users_own_rate_limits_are_kept_apart_from_updates_and_can_be_cleared()
    {
        await Backend.Users.CreateAsync(User(3), Login(3, "bot"), [], Ct);
        Assert.Null((await Backend.Users.GetAsync(3, Ct))!.RateLimits);

        var limits = new UserRateLimits { PubPerSecond = 2500.5, PubBurst = 5000, FramesPerSecond = 0 };
        Assert.True(await Backend.Users.SetRateLimitsAsync(3, limits, Ct));
        Assert.False(await Backend.Users.SetRateLimitsAsync(404, limits, Ct));
        Assert.Equal(limits, (await Backend.Users.GetAsync(3, Ct))!.RateLimits);
        Assert.Equal(limits, (await Backend.Users.GetManyAsync([3], Ct)).Single().RateLimits);

        // Replacing the mutable fields (a {set desc}, a suspension) leaves them alone.
        var user = (await Backend.Users.GetAsync(3, Ct))! with { Public = """{"fn":"Bot"}""", RateLimits = null };
        await Backend.Users.UpdateAsync(user, Ct);
        Assert.Equal(limits, (await Backend.Users.GetAsync(3, Ct))!.RateLimits);

        Assert.True(await Backend.Users.SetRateLimitsAsync(3, null, Ct));
        Assert.Null((await Backend.Users.GetAsync(3, Ct))!.RateLimits);
    }

    [Fact]
    public async Task Unknown_user_and_auth_are_null()
    {
        Assert.Null(await Backend.Users.GetAsync(42, Ct));
        Assert.Null(await Backend.Users.GetAuthByUniqueAsync("basic", "nobody", Ct));
        Assert.Null(await Backend.Users.GetAuthByUserAsync(42, "basic", Ct));
        Assert.Empty(await Backend.Users.GetCredentialsAsync(42, Ct));
    }

    [Fact]
    public async Task Creating_a_user_with_a_taken_login_throws_duplicate_and_stores_nothing()
    {
        await Backend.Users.CreateAsync(User(1), Login(1, "alice"), [], Ct);

        await Assert.ThrowsAsync<DuplicateKeyException>(
            () => Backend.Users.CreateAsync(User(2), Login(2, "alice"), [new CredentialRecord(2, "email", "b@example.com", false)], Ct));

        Assert.Null(await Backend.Users.GetAsync(2, Ct));
        Assert.Empty(await Backend.Users.GetCredentialsAsync(2, Ct));
        Assert.Equal(1, (await Backend.Users.GetAuthByUniqueAsync("basic", "alice", Ct))!.UserId);
    }

    [Fact]
    public async Task Creating_a_user_with_a_taken_id_throws_duplicate_and_keeps_the_first()
    {
        await Backend.Users.CreateAsync(User(1) with { Public = "\"first\"" }, Login(1, "alice"), [], Ct);

        await Assert.ThrowsAsync<DuplicateKeyException>(
            () => Backend.Users.CreateAsync(User(1) with { Public = "\"second\"" }, Login(1, "bob"), [], Ct));

        Assert.Equal("\"first\"", (await Backend.Users.GetAsync(1, Ct))!.Public);
        Assert.Null(await Backend.Users.GetAuthByUniqueAsync("basic", "bob", Ct));
    }

    [Fact]
    public async Task Get_many_returns_the_existing_users_in_the_order_asked()
    {
        foreach (var id in new long[] { 10, 20, 30 })
        {
            await Backend.Users.CreateAsync(User(id), Login(id, "u" + id), [], Ct);
        }

        var users = await Backend.Users.GetManyAsync([30, 99, 10], Ct);

        Assert.Equal([30L, 10L], users.Select(u => u.Id));
        Assert.Empty(await Backend.Users.GetManyAsync([], Ct));
    }

    [Fact]
    public async Task Update_user_replaces_the_mutable_fields_only()
    {
        var user = User(5) with { LastSeen = At(2), UserAgent = "ua" };
        await Backend.Users.CreateAsync(user, Login(5, "eve"), [], Ct);
        var changed = user with
        {
            Created = At(100),
            Updated = At(7),
            State = UserState.Deleted,
            DefaultAuth = AccessMode.Join,
            DefaultAnon = AccessMode.Read,
            Public = "{\"fn\":\"Eve\"}",
            Trusted = "{\"staff\":true}",
            Tags = ["x"],
            LastSeen = At(50),
            UserAgent = "other",
        };

        await Backend.Users.UpdateAsync(changed, Ct);

        AssertSameUser(changed with { Created = user.Created, LastSeen = user.LastSeen, UserAgent = user.UserAgent }, await Backend.Users.GetAsync(5, Ct));
    }

    [Fact]
    public async Task Update_last_seen_sets_the_time_and_user_agent()
    {
        await Backend.Users.CreateAsync(User(5), Login(5, "eve"), [], Ct);

        await Backend.Users.UpdateLastSeenAsync(5, At(30), "tindroid/1.0", Ct);

        var user = await Backend.Users.GetAsync(5, Ct);
        Assert.Equal(At(30), user!.LastSeen);
        Assert.Equal("tindroid/1.0", user.UserAgent);
        Assert.Equal(At(0), user.Updated);
    }

    [Fact]
    public async Task Deleting_a_user_removes_its_auth_and_credentials_and_frees_the_login()
    {
        await Backend.Users.CreateAsync(User(5), Login(5, "eve"), [new CredentialRecord(5, "email", "eve@example.com", true)], Ct);
        await Backend.Users.CreateAsync(User(6), Login(6, "mallory"), [new CredentialRecord(6, "email", "m@example.com", true)], Ct);

        await Backend.Users.DeleteAsync(5, Ct);

        Assert.Null(await Backend.Users.GetAsync(5, Ct));
        Assert.Null(await Backend.Users.GetAuthByUniqueAsync("basic", "eve", Ct));
        Assert.Null(await Backend.Users.GetAuthByUserAsync(5, "basic", Ct));
        Assert.Empty(await Backend.Users.GetCredentialsAsync(5, Ct));
        Assert.NotNull(await Backend.Users.GetAsync(6, Ct));
        Assert.Single(await Backend.Users.GetCredentialsAsync(6, Ct));

        await Backend.Users.CreateAsync(User(7), Login(7, "eve"), [], Ct);
        Assert.Equal(7, (await Backend.Users.GetAuthByUniqueAsync("basic", "eve", Ct))!.UserId);
    }

    [Fact]
    public async Task Auth_is_found_by_login_and_by_user_and_scheme()
    {
        var auth = new AuthRecord(5, "basic", "eve", "$pbkdf2$hash", 20);
        await Backend.Users.CreateAsync(User(5), auth, [], Ct);

        Assert.Equal(auth, await Backend.Users.GetAuthByUniqueAsync("basic", "eve", Ct));
        Assert.Equal(auth, await Backend.Users.GetAuthByUserAsync(5, "basic", Ct));
        Assert.Null(await Backend.Users.GetAuthByUniqueAsync("token", "eve", Ct));
        Assert.Null(await Backend.Users.GetAuthByUserAsync(5, "token", Ct));
    }

    [Fact]
    public async Task Update_auth_secret_replaces_the_secret_only()
    {
        await Backend.Users.CreateAsync(User(5), Login(5, "eve"), [], Ct);

        await Backend.Users.UpdateAuthSecretAsync(5, "basic", "new-hash", Ct);

        Assert.Equal(new AuthRecord(5, "basic", "eve", "new-hash", 20), await Backend.Users.GetAuthByUniqueAsync("basic", "eve", Ct));
    }

    [Fact]
    public async Task Credentials_round_trip()
    {
        CredentialRecord[] credentials = [new(5, "email", "eve@example.com", true), new(5, "tel", "+15551234", false)];
        await Backend.Users.CreateAsync(User(5), Login(5, "eve"), credentials, Ct);

        var stored = await Backend.Users.GetCredentialsAsync(5, Ct);

        Assert.Equal(credentials, stored.OrderBy(c => c.Method, StringComparer.Ordinal));
    }
}
