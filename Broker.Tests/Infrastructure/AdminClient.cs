using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Broker.Tests.Infrastructure;

/// <summary>An HTTP client of the admin API; every call returns the status and the parsed JSON body (if any).</summary>
public sealed class AdminClient : IDisposable
{
    public const string Key = "test-admin-key-0123456789";
    private readonly HttpClient http;

    public AdminClient(Uri baseUri, string? key = Key)
    {
        http = new HttpClient { BaseAddress = baseUri, Timeout = TestClient.DefaultTimeout };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public HttpClient Http => http;

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Post, path, body?.ToJsonString());

    public Task<(HttpStatusCode Status, JsonElement Body)> PutAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Put, path, body?.ToJsonString());

    public Task<(HttpStatusCode Status, JsonElement Body)> PatchAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Patch, path, body?.ToJsonString());

    public Task<(HttpStatusCode Status, JsonElement Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body);
    }

    /// <summary>Creates a basic user through the admin API and returns its id.</summary>
    public async Task<string> CreateUserAsync(string login, string password = "secret123")
    {
        var (status, body) = await PostAsync("/v0/admin/users", new JsonObject
        {
            ["login"] = login,
            ["password"] = password,
            ["public"] = new JsonObject { ["fn"] = login },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("id").GetString()!;
    }

    public void Dispose() => http.Dispose();
}
