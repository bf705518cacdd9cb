using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Hosting;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Broker.Tests.Identity;

/// <summary>Email and tel credentials: codes mailed over real SMTP (or posted to the SMS webhook), confirmed, listed, removed.</summary>
public sealed class CredentialValidationTests
{
    private static JsonObject NewAccount(string login, bool loginNow, string? email) => new()
    {
        ["user"] = "new",
        ["scheme"] = "basic",
        ["secret"] = TestClient.BasicSecret(login, "secret123"),
        ["login"] = loginNow,
        ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = login } },
        ["cred"] = email is null ? new JsonArray() : new JsonArray(new JsonObject { ["meth"] = "email", ["val"] = email }),
    };

    private static JsonObject Cred(string meth, string? val = null, string? resp = null)
    {
        var cred = new JsonObject { ["meth"] = meth };
        if (val is not null)
        {
            cred["val"] = val;
        }

        if (resp is not null)
        {
            cred["resp"] = resp;
        }

        return cred;
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static async Task<JsonElement> CredsAsync(TestClient client) =>
        (await client.GetAsync("me", "cred")).GetProperty("meta").GetProperty("cred");

    private static async Task<string[]> TagsAsync(TestClient client)
    {
        var reply = await client.GetAsync("me", "tags");
        return reply.TryGetProperty("meta", out var meta) ? Strings(meta.GetProperty("tags")) : [];
    }

    [Fact]
    public async Task Required_email_answers_300_until_the_mailed_code_is_given_at_login()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync([.. smtp.BrokerArgs, "--Auth:RequiredCredentials:0=email"]);
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var created = await client.RequestAsync("acc", NewAccount("alice", true, "Alice@Example.com"));

        FrameAssert.Ctrl(created, 300, "validate credentials");
        var parameters = created.GetProperty("params");
        Assert.Equal(["email"], Strings(parameters.GetProperty("cred")));
        var token = parameters.Str("token")!;
        Assert.NotNull(token);
        FrameAssert.Ctrl(await client.SubAsync("me"), 401, "authentication required");
        var code = await smtp.ExpectCodeAsync("alice@example.com");

        // A password login without the code, or with a wrong one, is asked again.
        FrameAssert.Ctrl(await client.LoginAsync("alice"), 300, "validate credentials");
        var wrong = await client.RequestAsync("login", new JsonObject
        {
            ["scheme"] = "basic",
            ["secret"] = TestClient.BasicSecret("alice", "secret123"),
            ["cred"] = new JsonArray(Cred("email", resp: code == "000000" ? "111111" : "000000")),
        });
        FrameAssert.Ctrl(wrong, 300, "validate credentials");

        // The token of the 300 reply and the mailed code log in.
        var confirmed = await client.RequestAsync("login", new JsonObject
        {
            ["scheme"] = "token",
            ["secret"] = token,
            ["cred"] = new JsonArray(Cred("email", resp: code)),
        });
        FrameAssert.Ctrl(confirmed, 200, "ok");
        FrameAssert.Ctrl(await client.SubAsync("me"), 200, "ok");
        var cred = Assert.Single((await CredsAsync(client)).EnumerateArray());
        Assert.Equal("alice@example.com", cred.Str("val"));
        Assert.True(cred.GetProperty("done").GetBoolean());
        Assert.Contains("email:alice@example.com", await TagsAsync(client));

        // From now on a plain password login works.
        await using var again = await broker.ConnectAsync();
        await again.HiAsync();
        FrameAssert.Ctrl(await again.LoginAsync("alice"), 200, "ok");
    }

    [Fact]
    public async Task A_new_account_without_a_required_credential_is_422_naming_it()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync([.. smtp.BrokerArgs, "--Auth:RequiredCredentials:0=email"]);
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var refused = await client.RequestAsync("acc", NewAccount("bob", true, null));

        FrameAssert.Ctrl(refused, 422, "policy violation");
        Assert.Equal(["email"], Strings(refused.GetProperty("params").GetProperty("creds")));
        FrameAssert.Ctrl(await client.LoginAsync("bob"), 401, "authentication failed");
    }

    [Fact]
    public async Task Set_me_cred_adds_an_unconfirmed_address_and_the_mailed_code_confirms_it_with_its_tag()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync(smtp.BrokerArgs);
        await using var alice = await broker.UserAsync("alice");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");

        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", "alice@example.com") }), 200, "ok");
        var pending = Assert.Single((await CredsAsync(alice)).EnumerateArray());
        Assert.False(pending.GetProperty("done").GetBoolean());
        Assert.DoesNotContain("email:alice@example.com", await TagsAsync(alice));
        var code = await smtp.ExpectCodeAsync("alice@example.com");

        var wrong = await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", resp: code == "000000" ? "111111" : "000000") });
        FrameAssert.Ctrl(wrong, 406, "invalid response");
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", resp: code) }), 200, "ok");

        Assert.True(Assert.Single((await CredsAsync(alice)).EnumerateArray()).GetProperty("done").GetBoolean());
        Assert.Contains("email:alice@example.com", await TagsAsync(alice));
        await alice.ExpectPresAsync("me", "tags", "me");

        // A used code cannot be given again.
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", resp: code) }), 404, "not found");
    }

    [Fact]
    public async Task Acc_cred_adds_and_confirms_and_a_value_confirmed_by_one_user_cannot_be_claimed_by_another()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync(smtp.BrokerArgs);
        await using var alice = await broker.UserAsync("alice");
        await using var mallory = await broker.UserAsync("mallory");

        var added = await alice.RequestAsync("acc", new JsonObject { ["cred"] = new JsonArray(Cred("email", "shared@example.com")) });
        FrameAssert.Ctrl(added, 200, "ok");
        var code = await smtp.ExpectCodeAsync("shared@example.com");
        FrameAssert.Ctrl(await alice.RequestAsync("acc", new JsonObject { ["cred"] = new JsonArray(Cred("email", resp: code)) }), 200, "ok");

        var claimed = await mallory.SetAsync("me", new JsonObject { ["cred"] = Cred("email", "Shared@Example.com") });
        FrameAssert.Ctrl(claimed, 409, "duplicate credential");
        await using var fresh = await broker.ConnectAsync();
        await fresh.HiAsync();
        var signUp = await fresh.RequestAsync("acc", NewAccount("trudy", true, "shared@example.com"));
        FrameAssert.Ctrl(signUp, 409, "duplicate credential");
    }

    [Fact]
    public async Task Del_me_cred_removes_an_address_and_its_tag_but_never_the_last_required_one()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync([.. smtp.BrokerArgs, "--Auth:RequiredCredentials:0=email"]);
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var created = await client.RequestAsync("acc", NewAccount("carol", true, "carol@example.com"));
        var code = await smtp.ExpectCodeAsync("carol@example.com");
        FrameAssert.Ctrl(await client.RequestAsync("login", new JsonObject
        {
            ["scheme"] = "token",
            ["secret"] = created.GetProperty("params").Str("token"),
            ["cred"] = new JsonArray(Cred("email", resp: code)),
        }), 200, "ok");

        var last = await client.DelAsync("me", new JsonObject { ["what"] = "cred", ["cred"] = Cred("email", "carol@example.com") });
        FrameAssert.Ctrl(last, 422, "policy violation");

        // A second address, confirmed, makes the first removable; its tag goes with it.
        FrameAssert.Ctrl(await client.SetAsync("me", new JsonObject { ["cred"] = Cred("email", "carol@work.example") }), 200, "ok");
        var second = await smtp.ExpectCodeAsync("carol@work.example");
        FrameAssert.Ctrl(await client.SetAsync("me", new JsonObject { ["cred"] = Cred("email", resp: second) }), 200, "ok");
        FrameAssert.Ctrl(await client.DelAsync("me", new JsonObject { ["what"] = "cred", ["cred"] = Cred("email", "carol@example.com") }), 200, "ok");
        FrameAssert.Ctrl(await client.DelAsync("me", new JsonObject { ["what"] = "cred", ["cred"] = Cred("email", "nobody@example.com") }), 304, "no action");

        var remaining = Assert.Single((await CredsAsync(client)).EnumerateArray());
        Assert.Equal("carol@work.example", remaining.Str("val"));
        var tags = await TagsAsync(client);
        Assert.DoesNotContain("email:carol@example.com", tags);
        Assert.Contains("email:carol@work.example", tags);
    }

    [Fact]
    public async Task A_code_takes_a_limited_number_of_wrong_answers_and_expires()
    {
        var clock = new FakeClock();
        await using var smtp = SmtpReceiver.Start();
        await using var broker = await TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock),
            [.. smtp.BrokerArgs, "--Auth:MaxCodeAttempts=2", "--Auth:CodeLifetime=00:10:00"]);
        await using var alice = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", "a@example.com") }), 200, "ok");
        var code = await smtp.ExpectCodeAsync("a@example.com");
        var wrong = code == "000000" ? "111111" : "000000";
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", resp: wrong) }), 406, "invalid response");
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", resp: wrong) }), 406, "invalid response");
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", resp: code) }), 422, "policy violation");

        // A new request sends a new code; past its lifetime it is refused too.
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", "a@example.com") }), 200, "ok");
        var fresh = await smtp.ExpectCodeAsync("a@example.com");
        clock.Advance(TimeSpan.FromMinutes(11));
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("email", resp: fresh) }), 404, "not found");
        Assert.False(Assert.Single((await CredsAsync(alice)).EnumerateArray()).GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task Tel_codes_go_to_the_sms_webhook_signed_and_confirm_the_number()
    {
        await using var gateway = await WebhookReceiver.StartAsync();
        await using var broker = await TestBroker.StartAsync("--Auth:Sms:WebhookUrl=" + gateway.Url, "--Auth:Sms:Secret=sms-secret");
        await using var alice = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("tel", "+1 (555) 123-4567") }), 200, "ok");
        var sms = await gateway.ExpectAsync(h => h.Json.Str("to") == "+15551234567", "an SMS to +15551234567");

        Assert.True(sms.IsSignedWith("sms-secret"));
        Assert.Contains(sms.Json.Str("code")!, sms.Json.Str("text"), StringComparison.Ordinal);
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["cred"] = Cred("tel", resp: sms.Json.Str("code")) }), 200, "ok");
        Assert.Contains("tel:+15551234567", await TagsAsync(alice));
    }

    [Fact]
    public async Task LogCodes_writes_the_code_to_the_log_in_development()
    {
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(b => logs.AddTo(b.Logging), "--Auth:RequiredCredentials:0=email", "--Auth:Smtp:LogCodes=true");
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var created = await client.RequestAsync("acc", NewAccount("dave", true, "dave@example.com"));
        FrameAssert.Ctrl(created, 300, "validate credentials");
        var entry = await logs.WaitForAsync(e => e.EventId == 5103, "the development code in the log");
        var code = System.Text.RegularExpressions.Regex.Match(entry.Message, @"is (\d{6})$").Groups[1].Value;

        FrameAssert.Ctrl(await client.RequestAsync("login", new JsonObject
        {
            ["scheme"] = "basic",
            ["secret"] = TestClient.BasicSecret("dave", "secret123"),
            ["cred"] = new JsonArray(Cred("email", resp: code)),
        }), 200, "ok");
    }

    [Fact]
    public async Task Start_up_is_refused_when_email_is_required_without_smtp()
    {
        var app = BrokerHost.Build(["--urls", "http://127.0.0.1:0", "--Storage:Provider=memory", "--Auth:RequiredCredentials:0=email",
            "--Auth:TokenKey=" + Convert.ToBase64String(new byte[32])]);
        try
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
            Assert.Contains("Auth:Smtp:Host", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
