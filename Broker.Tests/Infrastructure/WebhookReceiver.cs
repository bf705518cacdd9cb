using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Broker.Tests.Infrastructure;

/// <summary>
/// A local HTTP receiver for webhooks: a second minimal Kestrel app on 127.0.0.1:0 that records every request and
/// answers with the statuses queued in <see cref="Statuses"/> (200 when none is queued).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<ReceivedHook> received = Channel.CreateUnbounded<ReceivedHook>();
    private readonly List<ReceivedHook> backlog = [];

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<int> Statuses { get; } = new();

    public string Url => app.Urls.First() + "/hook";

    /// <summary>Starts on <paramref name="port"/> (0: any free port), e.g. a gateway that comes back where it was.</summary>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = receiver.Statuses.TryDequeue(out var queued) ? queued : 200;
            receiver.received.Writer.TryWrite(new ReceivedHook(
                context.Request.Headers["X-Broker-Signature"].ToString(),
                context.Request.Headers["X-Broker-Event"].ToString(),
                context.Request.Headers["X-Broker-Delivery"].ToString(),
                body,
                JsonDocument.Parse(body).RootElement.Clone(),
                status));
            return Results.StatusCode(status);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    /// <summary>Waits for the first request matching <paramref name="predicate"/>.</summary>
    public async Task<ReceivedHook> ExpectAsync(Func<ReceivedHook, bool> predicate, string what)
    {
        var index = backlog.FindIndex(h => predicate(h));
        if (index >= 0)
        {
            var found = backlog[index];
            backlog.RemoveAt(index);
            return found;
        }

        using var cts = new CancellationTokenSource(TestClient.DefaultTimeout);
        try
        {
            while (true)
            {
                var hook = await received.Reader.ReadAsync(cts.Token);
                if (predicate(hook))
                {
                    return hook;
                }

                backlog.Add(hook);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out waiting for webhook {what}. Received: {string.Join(" | ", backlog.Select(h => h.Body))}");
        }
    }

    public Task<ReceivedHook> ExpectEventAsync(string name) => ExpectAsync(h => h.Event == name, name);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
