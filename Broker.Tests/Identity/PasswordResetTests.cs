using System.Text;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Identity;

/// <summary>Tinode's password reset: 301 whatever the address, a mailed single-use code, then a new password.</summary>
public sealed class PasswordResetTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static JsonObject Reset(string address) => new() { ["scheme"] = "reset", ["secret"] = B64("basic:email:" + address) };

    private static JsonObject NewPassword(string code, string address, string password) => new()
    {
        ["tmpscheme"] = "code",
        ["tmpsecret"] = B64(code + ":email:" + address),
        ["scheme"] = "basic",
        ["secret"] = B64(":" + password),
    };

    /// <summary>Alice with a confirmed address.</summary>
    private static async Task<TestClient> AliceAsync(TestBroker broker, SmtpReceiver smtp)
    {
        var alice = await broker.UserAsync("alice");
        var cred = new JsonObject { ["meth"] = "email", ["val"] = "alice@example.com" };
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = cred }), 200, "ok");
        var code = await smtp.ExpectCodeAsync("alice@example.com");
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = new JsonObject { ["meth"] = "email", ["resp"] = code } }), 200, "ok");
        return alice;
    }

    [Fact]
    public async Task The_mailed_code_sets_a_new_password_once()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync(smtp.BrokerArgs);
        await using var alice = await AliceAsync(broker, smtp);
        await using var forgetful = await broker.ConnectAsync();
        await forgetful.HiAsync();

        FrameAssert.Ctrl(await forgetful.RequestAsync("login", Reset("Alice@Example.com")), 301, "auth reset");
        var mail = await smtp.ExpectMailAsync("alice@example.com");
        Assert.Equal("Reset your password", mail.Subject);
        var code = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? string.Empty, @"\d{6}").Value;

        FrameAssert.Ctrl(await forgetful.RequestAsync("acc", NewPassword(code, "alice@example.com", "x")), 422, "policy violation");
        FrameAssert.Ctrl(await forgetful.RequestAsync("acc", NewPassword(code, "alice@example.com", "brand-new-1")), 200, "ok");
        FrameAssert.Ctrl(await forgetful.RequestAsync("acc", NewPassword(code, "alice@example.com", "brand-new-2")), 401, "authentication failed");

        FrameAssert.Ctrl(await forgetful.LoginAsync("alice"), 401, "authentication failed");
        FrameAssert.Ctrl(await forgetful.LoginAsync("alice", "brand-new-1"), 200, "ok");
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_301_and_no_mail()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync(smtp.BrokerArgs);
        await using var alice = await AliceAsync(broker, smtp);
        await using var stranger = await broker.ConnectAsync();
        await stranger.HiAsync();

        var unknown = await stranger.RequestAsync("login", Reset("nobody@example.com"));
        var known = await stranger.RequestAsync("login", Reset("alice@example.com"));

        FrameAssert.Ctrl(unknown, 301, "auth reset");
        FrameAssert.Ctrl(known, 301, "auth reset");
        Assert.False(unknown.Has("params"));
        Assert.False(known.Has("params"));
        // Mails are sent in request order: the only one is alice's.
        await smtp.ExpectMailAsync("alice@example.com");
        Assert.DoesNotContain(smtp.Unclaimed(), m => m.To.Mailboxes.Any(a => a.Address == "nobody@example.com"));
    }

    [Fact]
    public async Task A_wrong_or_expired_code_is_401_and_the_attempts_are_limited()
    {
        var clock = new FakeClock();
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync(
            b => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(b.Services, clock),
            [.. smtp.BrokerArgs, "--Auth:MaxCodeAttempts=2", "--Auth:CodeLifetime=00:10:00"]);
        await using var alice = await AliceAsync(broker, smtp);
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        FrameAssert.Ctrl(await client.RequestAsync("login", Reset("alice@example.com")), 301, "auth reset");
        var code = await smtp.ExpectCodeAsync("alice@example.com");
        var wrong = code == "000000" ? "111111" : "000000";
        FrameAssert.Ctrl(await client.RequestAsync("acc", NewPassword(wrong, "alice@example.com", "guess-123")), 401, "authentication failed");
        FrameAssert.Ctrl(await client.RequestAsync("acc", NewPassword(wrong, "alice@example.com", "guess-123")), 401, "authentication failed");
        FrameAssert.Ctrl(await client.RequestAsync("acc", NewPassword(code, "alice@example.com", "guess-123")), 401, "authentication failed");

        FrameAssert.Ctrl(await client.RequestAsync("login", Reset("alice@example.com")), 301, "auth reset");
        var fresh = await smtp.ExpectCodeAsync("alice@example.com");
        clock.Advance(TimeSpan.FromMinutes(11));
        FrameAssert.Ctrl(await client.RequestAsync("acc", NewPassword(fresh, "alice@example.com", "guess-123")), 401, "authentication failed");
        FrameAssert.Ctrl(await client.LoginAsync("alice"), 200, "ok");
    }
}
