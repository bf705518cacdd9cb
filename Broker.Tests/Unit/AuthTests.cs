using Broker.Auth;
using Broker.Options;
using Microsoft.Extensions.Options;

namespace Broker.Tests.Unit;

public sealed class AuthTests
{
    [Fact]
    public void Password_hashes_are_salted_and_verify()
    {
        var hasher = new PasswordHasher(1000);

        var first = hasher.Hash("correct horse");
        var second = hasher.Hash("correct horse");

        Assert.NotEqual(first, second);
        Assert.StartsWith("pbkdf2-sha256$1000$", first);
        Assert.True(PasswordHasher.Verify("correct horse", first));
        Assert.False(PasswordHasher.Verify("correct horsE", first));
        Assert.DoesNotContain("correct horse", first);
    }

    [Fact]
    public void Tokens_round_trip_and_tampering_or_another_key_fails()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var tokens = new TokenService(Microsoft.Extensions.Options.Options.Create(new AuthOptions { TokenKey = key }), TimeProvider.System);

        var (token, expires) = tokens.Issue(42, AuthLevel.Auth);

        Assert.True(tokens.TryValidate(token, out var user, out var level, out var until));
        Assert.Equal(42, user);
        Assert.Equal(AuthLevel.Auth, level);
        Assert.Equal(expires, until);
        var bytes = Convert.FromBase64String(token);
        bytes[0] ^= 1;
        Assert.False(tokens.TryValidate(Convert.ToBase64String(bytes), out _, out _, out _));
        var other = new TokenService(Microsoft.Extensions.Options.Options.Create(new AuthOptions { TokenKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()) }), TimeProvider.System);
        Assert.False(other.TryValidate(token, out _, out _, out _));
    }

    [Fact]
    public void Expired_tokens_fail()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new AuthOptions { TokenKey = Convert.ToBase64String(new byte[32]), TokenLifetime = TimeSpan.FromSeconds(-10) });
        var tokens = new TokenService(options, TimeProvider.System);

        var (token, _) = tokens.Issue(42, AuthLevel.Auth);

        Assert.False(tokens.TryValidate(token, out _, out _, out _));
    }

    [Theory]
    [InlineData("0.25", 0, 25)]
    [InlineData("0.25.3", 0, 25)]
    [InlineData("v0.25.3-rc1", 0, 25)]
    [InlineData("1.2", 1, 2)]
    public void Client_versions_parse(string text, int major, int minor)
    {
        Assert.True(Broker.Sessions.Session.TryParseVersion(text, out var parsedMajor, out var parsedMinor));
        Assert.Equal((major, minor), (parsedMajor, parsedMinor));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("0.x")]
    public void Bad_client_versions_are_rejected(string? text)
    {
        Assert.False(Broker.Sessions.Session.TryParseVersion(text, out _, out _));
    }
}
