using System.Net;
using System.Security.Cryptography;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Broker.Tests.Identity;

/// <summary>External identity: <c>{login scheme:"jwt"}</c> with tokens signed by keys the test generates.</summary>
public sealed class JwtLoginTests : IDisposable
{
    private const string Issuer = "https://idp.example.test/realms/ism";
    private const string Audience = "broker";
    private readonly string folder = Directory.CreateTempSubdirectory("broker-jwt-").FullName;
    private readonly RSA rsa = RSA.Create(2048);
    private readonly ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private string JwksPath => Path.Combine(folder, "jwks.json");

    public void Dispose()
    {
        rsa.Dispose();
        ec.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static string Jwks(params JsonObject[] keys) => new JsonObject { ["keys"] = new JsonArray([.. keys]) }.ToJsonString();

    private static JsonObject RsaJwk(RSA key, string kid)
    {
        var p = key.ExportParameters(false);
        return new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = kid, ["n"] = Base64UrlEncoder.Encode(p.Modulus!), ["e"] = Base64UrlEncoder.Encode(p.Exponent!) };
    }

    private static JsonObject EcJwk(ECDsa key, string kid)
    {
        var p = key.ExportParameters(false);
        return new JsonObject { ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = kid, ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(p.Q.X!), ["y"] = Base64UrlEncoder.Encode(p.Q.Y!) };
    }

    private static string Token(SecurityKey key, string algorithm, string sub, string? name = null, string? email = null, bool verified = false,
        string issuer = Issuer, string audience = Audience, DateTime? expires = null, DateTime? notBefore = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub };
        if (name is not null)
        {
            claims["name"] = name;
        }

        if (email is not null)
        {
            claims["email"] = email;
            claims["email_verified"] = verified;
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddMinutes(-1),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    private SecurityKey RsaKey(string kid = "rsa-1") => new RsaSecurityKey(rsa) { KeyId = kid };

    private SecurityKey EcKey(string kid = "ec-1") => new ECDsaSecurityKey(ec) { KeyId = kid };

    private Task<TestBroker> StartAsync(params string[] extra) => TestBroker.StartAsync(
    [
        "--Auth:Jwt:Issuer=" + Issuer, "--Auth:Jwt:Audience=" + Audience, "--Auth:Jwt:JwksFile=" + JwksPath,
        "--Auth:Jwt:MinimumRefreshInterval=00:00:00", "--Broker:Admin:Key=" + AdminClient.Key, .. extra,
    ]);

    private static async Task<(TestClient Client, System.Text.Json.JsonElement Ctrl)> LoginAsync(TestBroker broker, string jwt)
    {
        var client = await broker.ConnectAsync();
        await client.HiAsync();
        var ctrl = await client.RequestAsync("login", new JsonObject { ["scheme"] = "jwt", ["secret"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(jwt)) });
        return (client, ctrl);
    }

    [Fact]
    public async Task First_login_creates_the_user_from_the_token_and_later_logins_find_it()
    {
        await File.WriteAllTextAsync(JwksPath, Jwks(RsaJwk(rsa, "rsa-1"), EcJwk(ec, "ec-1")), TestContext.Current.CancellationToken);
        await using var broker = await StartAsync();

        var (first, ctrl) = await LoginAsync(broker, Token(RsaKey(), SecurityAlgorithms.RsaSha256, "kc-42", "Ingrid Svensson", "Ingrid@Example.com", verified: true));
        await using var _ = first;
        FrameAssert.Ctrl(ctrl, 200, "ok");
        var user = ctrl.GetProperty("params").Str("user");
        Assert.NotNull(ctrl.GetProperty("params").Str("token"));
        FrameAssert.Ctrl(await first.SubAsync("me"), 200, "ok");
        Assert.Equal("Ingrid Svensson", (await first.GetDescAsync("me")).GetProperty("public").Str("fn"));
        var cred = Assert.Single((await first.GetAsync("me", "cred")).GetProperty("meta").GetProperty("cred").EnumerateArray());
        Assert.Equal("ingrid@example.com", cred.Str("val"));
        Assert.True(cred.GetProperty("done").GetBoolean());
        var tags = (await first.GetAsync("me", "tags")).GetProperty("meta").GetProperty("tags").EnumerateArray().Select(t => t.GetString());
        Assert.Contains("email:ingrid@example.com", tags);

        // The same issuer + sub, now signed with ES256: the same user.
        var (second, again) = await LoginAsync(broker, Token(EcKey(), SecurityAlgorithms.EcdsaSha256, "kc-42", "Renamed"));
        await using var __ = second;
        FrameAssert.Ctrl(again, 200, "ok");
        Assert.Equal(user, again.GetProperty("params").Str("user"));

        // An unverified email gives no credential.
        var (third, other) = await LoginAsync(broker, Token(RsaKey(), SecurityAlgorithms.RsaSha256, "kc-43", email: "x@example.com", verified: false));
        await using var ___ = third;
        FrameAssert.Ctrl(other, 200, "ok");
        Assert.NotEqual(user, other.GetProperty("params").Str("user"));
        FrameAssert.Ctrl((await third.GetAsync("me", "cred")).GetProperty("ctrl"), 204, "no content");
    }

    [Fact]
    public async Task Expired_forged_wrong_audience_and_wrong_issuer_tokens_are_401_and_suspended_users_403()
    {
        await File.WriteAllTextAsync(JwksPath, Jwks(RsaJwk(rsa, "rsa-1")), TestContext.Current.CancellationToken);
        await using var broker = await StartAsync();
        using var forger = RSA.Create(2048);
        var now = DateTime.UtcNow;

        string[] refused =
        [
            Token(RsaKey(), SecurityAlgorithms.RsaSha256, "u1", expires: now.AddMinutes(-5), notBefore: now.AddMinutes(-20)),
            Token(RsaKey(), SecurityAlgorithms.RsaSha256, "u1", notBefore: now.AddMinutes(5), expires: now.AddMinutes(20)),
            Token(new RsaSecurityKey(forger) { KeyId = "rsa-1" }, SecurityAlgorithms.RsaSha256, "u1"),
            Token(RsaKey(), SecurityAlgorithms.RsaSha256, "u1", audience: "someone-else"),
            Token(RsaKey(), SecurityAlgorithms.RsaSha256, "u1", issuer: "https://evil.example.test"),
            "not-a-jwt",
        ];
        foreach (var jwt in refused)
        {
            var (client, ctrl) = await LoginAsync(broker, jwt);
            await using var _ = client;
            FrameAssert.Ctrl(ctrl, 401, "authentication failed");
        }

        // Within the clock skew a just-expired token still passes.
        var (late, lateCtrl) = await LoginAsync(broker, Token(RsaKey(), SecurityAlgorithms.RsaSha256, "u2", expires: now.AddSeconds(-10), notBefore: now.AddMinutes(-20)));
        await using var __ = late;
        FrameAssert.Ctrl(lateCtrl, 200, "ok");

        using var admin = new AdminClient(broker.BaseUri);
        var (status, _) = await admin.PatchAsync($"/v0/admin/users/{lateCtrl.GetProperty("params").Str("user")}", new JsonObject { ["state"] = "suspended" });
        Assert.Equal(HttpStatusCode.OK, status);
        var (suspended, refusedCtrl) = await LoginAsync(broker, Token(RsaKey(), SecurityAlgorithms.RsaSha256, "u2"));
        await using var ___ = suspended;
        FrameAssert.Ctrl(refusedCtrl, 403, "permission denied");
    }

    [Fact]
    public async Task A_token_with_an_unknown_kid_rereads_the_jwks_file()
    {
        await File.WriteAllTextAsync(JwksPath, Jwks(RsaJwk(rsa, "rsa-1")), TestContext.Current.CancellationToken);
        await using var broker = await StartAsync();
        var (before, ok) = await LoginAsync(broker, Token(RsaKey(), SecurityAlgorithms.RsaSha256, "rot"));
        await using var _ = before;
        FrameAssert.Ctrl(ok, 200, "ok");

        // The provider rotates to an EC key the broker has not seen yet.
        var rotated = Token(EcKey("ec-2"), SecurityAlgorithms.EcdsaSha256, "rot");
        var (early, refused) = await LoginAsync(broker, rotated);
        await using var __ = early;
        FrameAssert.Ctrl(refused, 401, "authentication failed");
        await File.WriteAllTextAsync(JwksPath, Jwks(RsaJwk(rsa, "rsa-1"), EcJwk(ec, "ec-2")), TestContext.Current.CancellationToken);

        var (after, accepted) = await LoginAsync(broker, rotated);
        await using var ___ = after;
        FrameAssert.Ctrl(accepted, 200, "ok");
        Assert.Equal(ok.GetProperty("params").Str("user"), accepted.GetProperty("params").Str("user"));
    }

    [Fact]
    public async Task Keys_come_from_the_authoritys_discovery_document_and_are_refetched_on_an_unknown_kid()
    {
        var keys = Jwks(RsaJwk(rsa, "rsa-1"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var idp = builder.Build();
        var fetches = 0;
        idp.MapGet("/.well-known/openid-configuration", (HttpContext context) => Results.Text(
            new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = $"http://{context.Request.Host}/keys" }.ToJsonString(), "application/json"));
        idp.MapGet("/keys", () =>
        {
            Interlocked.Increment(ref fetches);
            return Results.Text(Volatile.Read(ref keys), "application/json");
        });
        await idp.StartAsync(TestContext.Current.CancellationToken);
        await using var broker = await TestBroker.StartAsync(
            "--Auth:Jwt:Issuer=" + Issuer, "--Auth:Jwt:Audience=" + Audience, "--Auth:Jwt:Authority=" + idp.Urls.First(),
            "--Auth:Jwt:RequireHttpsMetadata=false", "--Auth:Jwt:MinimumRefreshInterval=00:00:00");

        var (first, ok) = await LoginAsync(broker, Token(RsaKey(), SecurityAlgorithms.RsaSha256, "oidc-1", "Olga"));
        await using var _ = first;
        FrameAssert.Ctrl(ok, 200, "ok");
        var (second, cached) = await LoginAsync(broker, Token(RsaKey(), SecurityAlgorithms.RsaSha256, "oidc-1"));
        await using var __ = second;
        FrameAssert.Ctrl(cached, 200, "ok");
        Assert.Equal(1, Volatile.Read(ref fetches));

        Volatile.Write(ref keys, Jwks(RsaJwk(rsa, "rsa-1"), EcJwk(ec, "ec-9")));
        var (third, rotated) = await LoginAsync(broker, Token(EcKey("ec-9"), SecurityAlgorithms.EcdsaSha256, "oidc-1"));
        await using var ___ = third;
        FrameAssert.Ctrl(rotated, 200, "ok");
        Assert.Equal(2, Volatile.Read(ref fetches));
    }
}
