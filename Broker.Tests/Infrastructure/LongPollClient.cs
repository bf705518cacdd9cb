using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Broker.Tests.Infrastructure;

/// <summary>
/// A long polling client as tinode-js's <c>transport:"lp"</c>: one request without <c>sid</c> starts the session,
/// every frame is POSTed with the <c>sid</c>, and one poll at a time (an empty POST) brings back each server frame.
/// </summary>
public sealed class LongPollClient : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly Channel<JsonElement> incoming = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> backlog = [];
    private readonly CancellationTokenSource stop = new();
    private Task? poller;
    private int nextId;

    private LongPollClient(HttpClient http, Uri endpoint)
    {
        this.http = http;
        this.endpoint = endpoint;
    }

    public string Sid { get; private set; } = string.Empty;

    public string? UserId { get; private set; }

    /// <summary>The status of the poll that ended the poll loop (403 once the session is gone), or null while it runs.</summary>
    public HttpStatusCode? EndedWith { get; private set; }

    public Uri SessionUri => new($"{endpoint}&sid={Uri.EscapeDataString(Sid)}");

    public static Uri Endpoint(TestBroker broker) =>
        new($"http://{broker.BaseUri.Authority}/v0/channels/lp?apikey={TestBroker.DemoApiKey}");

    /// <summary>Starts a session (201 with the <c>sid</c>) and, unless told not to, the poll loop.</summary>
    public static async Task<LongPollClient> StartAsync(TestBroker broker, bool poll = true)
    {
        var client = new LongPollClient(new HttpClient { Timeout = TimeSpan.FromMinutes(2) }, Endpoint(broker));
        using var response = await client.http.PostAsync(client.endpoint, null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ctrl = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ctrl");
        FrameAssert.Ctrl(ctrl, 201, "created");
        client.Sid = ctrl.GetProperty("params").GetProperty("sid").GetString()!;
        if (poll)
        {
            client.poller = Task.Run(client.PollLoopAsync);
        }

        return client;
    }

    /// <summary>One poll: the status and the body (empty when the poll timed out).</summary>
    public async Task<(HttpStatusCode Status, string Body)> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync(SessionUri, null, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<HttpStatusCode> PostRawAsync(string text)
    {
        using var response = await http.PostAsync(SessionUri, new StringContent(text, Encoding.UTF8, "text/plain"));
        return response.StatusCode;
    }

    public async Task<JsonElement> RequestAsync(string type, JsonObject body)
    {
        var id = (++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        body["id"] = id;
        Assert.Equal(HttpStatusCode.OK, await PostRawAsync(new JsonObject { [type] = body }.ToJsonString()));
        var frame = await ExpectAsync(f => f.TryGetProperty("ctrl", out var c) && c.Str("id") == id, $"ctrl id={id}");
        return frame.GetProperty("ctrl");
    }

    public async Task<JsonElement> LoginTokenAsync(string token)
    {
        FrameAssert.Ctrl(await RequestAsync("hi", new JsonObject { ["ver"] = "0.25", ["ua"] = "LongPollClient/1.0" }), 201, "created");
        var ctrl = await RequestAsync("login", new JsonObject { ["scheme"] = "token", ["secret"] = token });
        UserId = ctrl.GetProperty("params").Str("user");
        return ctrl;
    }

    public Task<JsonElement> ExpectFrameAsync(string type, Func<JsonElement, bool> predicate, string what) =>
        ExpectAsync(f => f.TryGetProperty(type, out var body) && predicate(body), what).ContinueWith(t => t.Result.GetProperty(type), TaskScheduler.Default);

    public async Task<JsonElement> ExpectAsync(Func<JsonElement, bool> predicate, string what)
    {
        var found = backlog.FindIndex(f => predicate(f));
        if (found >= 0)
        {
            var frame = backlog[found];
            backlog.RemoveAt(found);
            return frame;
        }

        using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
        try
        {
            while (true)
            {
                var frame = await incoming.Reader.ReadAsync(timeout.Token);
                if (predicate(frame))
                {
                    return frame;
                }

                backlog.Add(frame);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"long polling client: timed out waiting for {what}; got {string.Join(" ", backlog.Select(f => f.GetRawText()))}");
        }
    }

    /// <summary>Stops polling (as a client that went away without a word).</summary>
    public async Task AbandonAsync()
    {
        await stop.CancelAsync();
        if (poller is not null)
        {
            await poller;
        }
    }

    private async Task PollLoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, body) = await PollOnceAsync(stop.Token);
                if (status != HttpStatusCode.OK)
                {
                    EndedWith = status;
                    return;
                }

                if (body.Length > 0)
                {
                    incoming.Writer.TryWrite(JsonDocument.Parse(body).RootElement.Clone());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (HttpRequestException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await AbandonAsync();
        http.Dispose();
        stop.Dispose();
    }
}
