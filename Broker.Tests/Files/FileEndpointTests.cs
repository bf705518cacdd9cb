using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Files;

/// <summary><c>POST /v0/file/u/</c> and <c>GET /v0/file/s/…</c> over real HTTP, with Tinode's authentication forms.</summary>
public sealed class FileEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hi_reports_the_upload_limit()
    {
        await using var broker = await TestBroker.StartAsync("--Files:MaxUploadSize=12345");
        await using var client = await broker.ConnectAsync();

        var ctrl = await client.HiAsync();

        Assert.Equal(12345, ctrl.GetProperty("params").GetProperty("maxFileUploadSize").GetInt64());
    }

    [Fact]
    public async Task Hi_reports_8_MiB_by_default()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        var ctrl = await client.HiAsync();

        Assert.Equal(8 * 1024 * 1024, ctrl.GetProperty("params").GetProperty("maxFileUploadSize").GetInt64());
    }

    [Fact]
    public async Task An_upload_answers_a_url_that_streams_the_file_back_with_its_type_and_etag()
    {
        await using var broker = await TestBroker.StartAsync("--Files:Provider=database");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        using var files = new FileHttp(broker);
        var bytes = RandomNumberGenerator.GetBytes(600_000);

        var (status, ctrl) = await files.UploadAsync(alice.Token, bytes);

        Assert.Equal(200, status);
        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Equal("77", ctrl.Str("id"));
        var url = ctrl.GetProperty("params").GetProperty("url").GetString()!;
        Assert.Matches("^/v0/file/s/[A-Za-z0-9_-]+\\.png$", url);
        Assert.True(ctrl.GetProperty("params").TryGetProperty("expires", out _));

        using var download = await files.GetAsync(url, bob.Token);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes.Length, download.Content.Headers.ContentLength);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));
        var etag = download.Headers.ETag;
        Assert.NotNull(etag);

        using var again = await files.GetAsync(url, bob.Token, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task A_range_request_gets_206_with_that_part()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        var url = await files.UploadOkAsync(alice.Token!, bytes, "video/mp4");

        using var part = await files.GetAsync(url, alice.Token, r => r.Headers.Range = new RangeHeaderValue(1000, 1999));

        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal("bytes 1000-1999/50000", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(bytes[1000..2000], await part.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task The_query_form_of_the_sdks_authorizeURL_is_accepted()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);
        using var keyless = new FileHttp(broker, apiKey: null);
        var url = await files.UploadOkAsync(alice.Token!, [1, 2, 3]);

        // tinode-js appends apikey, auth=token and the token; the secret may arrive URL-safe.
        var safe = alice.Token!.Replace('+', '-').Replace('/', '_');
        using var download = await keyless.GetAsync(url + "?apikey=" + TestBroker.DemoApiKey + "&auth=token&secret=" + Uri.EscapeDataString(safe), token: null);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal([1, 2, 3], await download.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task A_link_authorized_twice_is_read_by_its_first_values_as_tinode_does()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);
        using var keyless = new FileHttp(broker, apiKey: null);
        var url = await files.UploadOkAsync(alice.Token!, [1, 2, 3]);

        // The web app passes an already authorized avatar link through authorizeURL again: every parameter twice.
        var query = "apikey=" + TestBroker.DemoApiKey + "&auth=token&secret=" + Uri.EscapeDataString(alice.Token!);
        using var download = await keyless.GetAsync(url + "?" + query + "&" + query, token: null);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal([1, 2, 3], await download.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task The_api_key_and_token_are_read_from_cookies_as_the_last_resort()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);
        using var keyless = new FileHttp(broker, apiKey: null);
        var url = await files.UploadOkAsync(alice.Token!, [1, 2, 3]);

        using var download = await keyless.GetAsync(url, token: null, r => r.Headers.Add("Cookie",
            "apikey=" + TestBroker.DemoApiKey + "; auth=token; secret=" + alice.Token));
        using var wrongSecret = await keyless.GetAsync(url, token: null, r => r.Headers.Add("Cookie",
            "apikey=" + TestBroker.DemoApiKey + "; auth=token; secret=AAAA" + alice.Token![4..]));

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal([1, 2, 3], await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
    }

    [Fact]
    public async Task Without_the_api_key_file_requests_are_refused_with_403()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);
        using var keyless = new FileHttp(broker, apiKey: null);
        var url = await files.UploadOkAsync(alice.Token!, [1, 2, 3]);

        var (status, ctrl) = await keyless.UploadAsync(alice.Token, [1, 2, 3]);

        Assert.Equal(403, status);
        FrameAssert.Ctrl(ctrl, 403, "valid API key required");
        Assert.Equal(403, await keyless.StatusAsync(url, alice.Token!));
    }

    [Fact]
    public async Task Without_a_valid_token_uploads_and_downloads_are_refused_with_401()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);
        var url = await files.UploadOkAsync(alice.Token!, [9, 9]);

        var (status, ctrl) = await files.UploadAsync(token: null, [1, 2, 3]);
        Assert.Equal(401, status);
        FrameAssert.Ctrl(ctrl, 401, "authentication required");
        Assert.Equal(401, (await files.UploadAsync("bm90IGEgdG9rZW4=", [1])).Status);

        using var anonymous = await files.GetAsync(url, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var forged = await files.GetAsync(url, "bm90IGEgdG9rZW4=");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task An_unknown_file_is_404()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);

        Assert.Equal(404, await files.StatusAsync("/v0/file/s/doesNotExist.png", alice.Token!));
        Assert.Equal(404, await files.StatusAsync("/v0/file/s/..%2F..%2Fetc%2Fpasswd", alice.Token!));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_with_413_and_cannot_be_downloaded()
    {
        await using var broker = await TestBroker.StartAsync("--Files:MaxUploadSize=10000");
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);

        // Under the form's limit but over the file's: refused while the file part streams.
        var (status, ctrl) = await files.UploadAsync(alice.Token, new byte[10_001]);
        Assert.Equal(413, status);
        FrameAssert.Ctrl(ctrl, 413, "too large");

        // Declared longer than any allowed form: refused before reading.
        Assert.Equal(413, (await files.UploadAsync(alice.Token, new byte[200_000])).Status);

        Assert.Equal(200, (await files.UploadAsync(alice.Token, new byte[10_000])).Status);
    }

    [Fact]
    public async Task Html_is_served_as_an_attachment_never_inline()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);
        var url = await files.UploadOkAsync(alice.Token!, "<script>alert(1)</script>"u8.ToArray(), "text/html");

        using var download = await files.GetAsync(url, alice.Token);

        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_declared_type_outside_the_allowed_families_is_stored_as_octet_stream()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);

        var url = await files.UploadOkAsync(alice.Token!, [1, 2], "x-evil/thing");
        using var download = await files.GetAsync(url, alice.Token);

        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
    }
}
