using Broker.Storage;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Credentials_are_added_unconfirmed_one_pending_per_method_and_confirmed_once()
    {
        await Backend.Users.CreateAsync(User(1), Login(1, "alice"), [], Ct);
        await Backend.Users.CreateAsync(User(2), Login(2, "bob"), [], Ct);

        Assert.True(await Backend.Users.AddCredentialAsync(new CredentialRecord(1, "email", "old@example.com", false), Ct));
        Assert.True(await Backend.Users.AddCredentialAsync(new CredentialRecord(1, "email", "a@example.com", false), Ct));
        Assert.True(await Backend.Users.AddCredentialAsync(new CredentialRecord(1, "tel", "+15550001", false), Ct));
        var pending = await Backend.Users.GetCredentialsAsync(1, Ct);
        Assert.Equal(["email:a@example.com:False", "tel:+15550001:False"], pending.Select(c => $"{c.Method}:{c.Value}:{c.Done}").Order());

        Assert.True(await Backend.Users.ConfirmCredentialAsync(1, "email", "a@example.com", Ct));
        Assert.False(await Backend.Users.ConfirmCredentialAsync(1, "email", "nobody@example.com", Ct));
        Assert.Equal(1, await Backend.Users.FindUserByCredentialAsync("email", "a@example.com", Ct));
        Assert.Null(await Backend.Users.FindUserByCredentialAsync("tel", "+15550001", Ct));
        Assert.False(await Backend.Users.AddCredentialAsync(new CredentialRecord(1, "email", "a@example.com", false), Ct));

        // Another user may hold the same value pending, but neither add nor confirm it past the owner.
        await Assert.ThrowsAsync<DuplicateKeyException>(() => Backend.Users.AddCredentialAsync(new CredentialRecord(2, "email", "a@example.com", false), Ct));
        Assert.True(await Backend.Users.AddCredentialAsync(new CredentialRecord(2, "tel", "+15550001", false), Ct));
        Assert.True(await Backend.Users.ConfirmCredentialAsync(2, "tel", "+15550001", Ct));
        await Assert.ThrowsAsync<DuplicateKeyException>(() => Backend.Users.ConfirmCredentialAsync(1, "tel", "+15550001", Ct));

        // Adding a new pending email keeps the confirmed one.
        Assert.True(await Backend.Users.AddCredentialAsync(new CredentialRecord(1, "email", "b@example.com", false), Ct));
        var after = await Backend.Users.GetCredentialsAsync(1, Ct);
        Assert.Contains(after, c => c is { Method: "email", Value: "a@example.com", Done: true });
        Assert.Contains(after, c => c is { Method: "email", Value: "b@example.com", Done: false });

        Assert.True(await Backend.Users.DeleteCredentialAsync(1, "email", "a@example.com", Ct));
        Assert.False(await Backend.Users.DeleteCredentialAsync(1, "email", "a@example.com", Ct));
        Assert.Null(await Backend.Users.FindUserByCredentialAsync("email", "a@example.com", Ct));
    }

    [Fact]
    public async Task One_time_codes_replace_count_failures_expire_and_are_used_once()
    {
        await Backend.Users.CreateAsync(User(3), Login(3, "carol"), [], Ct);
        var expires = At(60);
        await Backend.Users.PutCodeAsync(new OneTimeCode("cred", "3:email", 3, "c@example.com", "HASH1", expires), At(0), Ct);

        var stored = await Backend.Users.GetCodeAsync("cred", "3:email", Ct);
        Assert.Equal(new OneTimeCode("cred", "3:email", 3, "c@example.com", "HASH1", expires, 0), stored);
        Assert.Equal(1, await Backend.Users.CountCodeFailureAsync("cred", "3:email", Ct));
        Assert.Equal(2, await Backend.Users.CountCodeFailureAsync("cred", "3:email", Ct));
        Assert.Equal(0, await Backend.Users.CountCodeFailureAsync("cred", "9:email", Ct));

        // A new code for the same subject replaces the old one and starts its attempts again.
        await Backend.Users.PutCodeAsync(new OneTimeCode("cred", "3:email", 3, "d@example.com", "HASH2", expires), At(1), Ct);
        Assert.Equal(new OneTimeCode("cred", "3:email", 3, "d@example.com", "HASH2", expires, 0), await Backend.Users.GetCodeAsync("cred", "3:email", Ct));

        // Storing a code drops those already expired.
        await Backend.Users.PutCodeAsync(new OneTimeCode("reset", "email:c@example.com", 3, "c@example.com", "HASH3", At(2)), At(1), Ct);
        await Backend.Users.PutCodeAsync(new OneTimeCode("reset", "email:e@example.com", 3, "e@example.com", "HASH4", At(90)), At(3), Ct);
        Assert.Null(await Backend.Users.GetCodeAsync("reset", "email:c@example.com", Ct));

        Assert.True(await Backend.Users.DeleteCodeAsync("cred", "3:email", Ct));
        Assert.False(await Backend.Users.DeleteCodeAsync("cred", "3:email", Ct));
        Assert.Null(await Backend.Users.GetCodeAsync("cred", "3:email", Ct));

        // Deleting the user removes its codes.
        await Backend.Users.DeleteAsync(3, Ct);
        Assert.Null(await Backend.Users.GetCodeAsync("reset", "email:e@example.com", Ct));
    }

    [Fact]
    public async Task The_login_of_an_auth_record_can_change_unless_taken()
    {
        await Backend.Users.CreateAsync(User(4), Login(4, "dave"), [], Ct);
        await Backend.Users.CreateAsync(User(5), Login(5, "erin"), [], Ct);

        await Backend.Users.UpdateAuthAsync(4, "basic", "david", "hash-new", Ct);

        Assert.Null(await Backend.Users.GetAuthByUniqueAsync("basic", "dave", Ct));
        var renamed = await Backend.Users.GetAuthByUniqueAsync("basic", "david", Ct);
        Assert.Equal(4, renamed!.UserId);
        Assert.Equal("hash-new", renamed.Secret);
        await Assert.ThrowsAsync<DuplicateKeyException>(() => Backend.Users.UpdateAuthAsync(4, "basic", "erin", "x", Ct));
        Assert.Equal(4, (await Backend.Users.GetAuthByUniqueAsync("basic", "david", Ct))!.UserId);
    }
}
