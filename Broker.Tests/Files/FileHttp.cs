using System.Net.Http.Headers;
using System.Text.Json;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Files;

/// <summary>Uploads and downloads as Tinode's clients make them, against a <see cref="TestBroker"/>.</summary>
internal sealed class FileHttp : IDisposable
{
    private readonly HttpClient http;

    /// <summary>Requests carry <paramref name="apiKey"/> in <c>X-Tinode-APIKey</c> (none when null), as tinode-js sends it.</summary>
    public FileHttp(TestBroker broker, string? apiKey = TestBroker.DemoApiKey)
    {
        http = new HttpClient { BaseAddress = broker.BaseUri, Timeout = TestClient.DefaultTimeout };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Tinode-APIKey", apiKey);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>POST /v0/file/u/ with the field <c>file</c> (and <c>id</c>), as tinode-js's LargeFileHelper sends it.</summary>
    public async Task<(int Status, JsonElement Ctrl)> UploadAsync(string? token, byte[] bytes, string contentType = "image/png", string? requestId = "77")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", "picture.png");
        if (requestId is not null)
        {
            form.Add(new StringContent(requestId), "id");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v0/file/u/") { Content = form };
        if (token is not null)
        {
            request.Headers.Add("X-Tinode-Auth", "Token " + token);
        }

        using var response = await http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("ctrl").Clone());
    }

    /// <summary>Uploads and returns the URL, failing the test unless the upload is accepted.</summary>
    public async Task<string> UploadOkAsync(string token, byte[] bytes, string contentType = "image/png")
    {
        var (status, ctrl) = await UploadAsync(token, bytes, contentType);
        Assert.True(status == 200, $"upload answered {status}: {ctrl.GetRawText()}");
        return ctrl.GetProperty("params").GetProperty("url").GetString()!;
    }

    public Task<HttpResponseMessage> GetAsync(string url, string? token, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Add("X-Tinode-Auth", "Token " + token);
        }

        configure?.Invoke(request);
        return http.SendAsync(request, Ct);
    }

    public async Task<int> StatusAsync(string url, string token)
    {
        using var response = await GetAsync(url, token);
        return (int)response.StatusCode;
    }

    public void Dispose() => http.Dispose();
}
