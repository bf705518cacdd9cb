using System.Net;
using System.Text.Json;
using Broker.Auth;
using Broker.Options;
using Broker.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Broker.Tests.Identity;

/// <summary>API keys: Tinode-format keys signed with <c>Auth:ApiKeySalt</c>, literal keys, HTTP 403 otherwise, and keygen.</summary>
public sealed class ApiKeyTests
{
    private const string OtherSalt = "q3Yb0m1P3zFv9qQ2bW4tXk8Y5cRZ2s1n7dJf6hL0aEo=";

    [Fact]
    public void Tinode_default_salt_validates_the_published_demo_key_and_keys_minted_for_it()
    {
        Assert.True(ApiKeyFormat.TryDecodeSalt(AuthOptions.TinodeDefaultApiKeySalt, out var salt));

        // The demo key predates Tinode's keygen zeroing the deprecated app id (it carries app id 1), so it is checked,
        // not reproduced; a freshly minted key has the same layout with app id 0.
        var minted = ApiKeyFormat.Mint(salt, 1, root: false);
        Assert.StartsWith("AQAAAAABAA", minted, StringComparison.Ordinal);
        Assert.True(ApiKeyFormat.IsSigned(minted, salt));
        Assert.True(ApiKeyFormat.IsSigned(TestBroker.DemoApiKey, salt));
        Assert.False(ApiKeyFormat.IsSigned("AQEAAAABAAD_rAp4DJh05a1HAwFT3A6L", salt));
    }

    [Fact]
    public void Keygen_command_prints_a_key_that_validates_for_its_salt_only()
    {
        var output = new StringWriter();
        var code = KeygenCommand.Run(["--salt", OtherSalt, "--sequence", "7"], output, new StringWriter());

        Assert.Equal(0, code);
        var key = output.ToString().Trim();
        Assert.Equal(32, key.Length);
        Assert.True(Validator(OtherSalt).IsValid(key));
        Assert.False(Validator(AuthOptions.TinodeDefaultApiKeySalt).IsValid(key));
        Assert.Equal(1, KeygenCommand.Run(["--salt", "not base64!"], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public async Task Upgrade_without_a_key_or_with_a_wrong_one_is_403_with_Tinodes_ctrl()
    {
        await using var broker = await TestBroker.StartAsync();

        var (missing, _) = await UpgradeAttempt.TryAsync(broker.WebSocketUriWithoutKey);
        var (wrong, _) = await UpgradeAttempt.TryAsync(WithKey(broker, "AQEAAAABAAD_rAp4DJh05a1HAwFT3A6L"));
        var (garbage, _) = await UpgradeAttempt.TryAsync(WithKey(broker, "hello"));
        Assert.Equal(403, missing);
        Assert.Equal(403, wrong);
        Assert.Equal(403, garbage);

        // The body is the {ctrl} Tinode sends with its 403.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{broker.BaseUri.Authority}/v0/channels");
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var ctrl = body.RootElement.GetProperty("ctrl");
        Assert.Equal(403, ctrl.GetProperty("code").GetInt32());
        Assert.Equal("valid API key required", ctrl.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Demo_key_works_out_of_the_box_in_query_header_and_cookie()
    {
        await using var broker = await TestBroker.StartAsync();

        var (query, querySocket) = await UpgradeAttempt.TryAsync(broker.WebSocketUri);
        await using var viaHeader = await TestClient.ConnectAsync(
            broker.WebSocketUriWithoutKey, o => o.SetRequestHeader("X-Tinode-APIKey", TestBroker.DemoApiKey));
        await using var viaCookie = await TestClient.ConnectAsync(
            broker.WebSocketUriWithoutKey, o => o.SetRequestHeader("Cookie", "apikey=" + TestBroker.DemoApiKey));

        Assert.Equal(101, query);
        querySocket!.Dispose();
        FrameAssert.Ctrl(await viaHeader.HiAsync(), 201, "created");
        FrameAssert.Ctrl(await viaCookie.HiAsync(), 201, "created");
    }

    [Fact]
    public async Task A_configured_salt_replaces_the_demo_salt_and_literal_keys_still_work()
    {
        var output = new StringWriter();
        KeygenCommand.Run(["--salt", OtherSalt], output, new StringWriter());
        var minted = output.ToString().Trim();
        await using var broker = await TestBroker.StartAsync("--Auth:ApiKeySalt=" + OtherSalt, "--Broker:ApiKeys:0=literal-key-for-ops");

        var (demo, _) = await UpgradeAttempt.TryAsync(broker.WebSocketUri);
        var (signed, signedSocket) = await UpgradeAttempt.TryAsync(WithKey(broker, minted));
        var (literal, literalSocket) = await UpgradeAttempt.TryAsync(WithKey(broker, "literal-key-for-ops"));
        var (nearly, _) = await UpgradeAttempt.TryAsync(WithKey(broker, "literal-key-for-op"));

        Assert.Equal(403, demo);
        Assert.Equal(101, signed);
        Assert.Equal(101, literal);
        Assert.Equal(403, nearly);
        signedSocket!.Dispose();
        literalSocket!.Dispose();
    }

    [Fact]
    public async Task The_endpoint_filter_refuses_without_a_key_and_passes_with_one()
    {
        var filter = new ApiKeyEndpointFilter(Validator(AuthOptions.TinodeDefaultApiKeySalt), TimeProvider.System);
        var refused = new DefaultHttpContext();
        refused.Response.Body = new MemoryStream();
        var allowed = new DefaultHttpContext();
        allowed.Request.QueryString = new QueryString("?apikey=" + TestBroker.DemoApiKey);
        var calls = 0;
        ValueTask<object?> Next(EndpointFilterInvocationContext _)
        {
            calls++;
            return ValueTask.FromResult<object?>("served");
        }

        await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(refused), Next);
        var result = await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(allowed), Next);

        Assert.Equal(403, refused.Response.StatusCode);
        Assert.Contains("valid API key required", System.Text.Encoding.UTF8.GetString(((MemoryStream)refused.Response.Body).ToArray()));
        Assert.Equal("served", result);
        Assert.Equal(1, calls);
    }

    private static Uri WithKey(TestBroker broker, string key) =>
        new($"ws://{broker.BaseUri.Authority}/v0/channels?apikey={Uri.EscapeDataString(key)}");

    private static ApiKeyValidator Validator(string salt) =>
        new(Microsoft.Extensions.Options.Options.Create(new AuthOptions { ApiKeySalt = salt }), Microsoft.Extensions.Options.Options.Create(new BrokerOptions()));
}
