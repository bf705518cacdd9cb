using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Broker.Observability;
using Broker.Options;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Broker.Events;

/// <summary>
/// Delivers queued events to the webhook receivers. One loop routes each event to the receivers that want it (each
/// has its own bounded queue, so a slow receiver delays only itself); one loop per receiver posts the events in order,
/// signed with <c>X-Broker-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>, retrying 5xx, 408, 429 and
/// network failures with exponential backoff (Polly) and dropping the event with a log line after the last attempt.
/// </summary>
internal sealed class WebhookDispatcher(
    WebhookEventSink sink,
    IOptions<WebhookOptions> options,
    IHttpClientFactory httpClients,
    BrokerMetrics metrics,
    WebhookLog log) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private readonly WebhookOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Endpoints.Count == 0)
        {
            return;
        }

        var receivers = settings.Endpoints.Select(e => new WebhookReceiver(e, settings.QueueCapacity)).ToList();
        var loops = receivers.Select(r => DeliverLoopAsync(r, stoppingToken)).ToList();
        try
        {
            await foreach (var item in sink.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var receiver in receivers)
                {
                    if (receiver.Options.Wants(item.Event) && !receiver.Queue.Writer.TryWrite(item))
                    {
                        metrics.WebhookDropped("queue_full");
                        log.ReceiverQueueFull(receiver.DisplayUrl, item.Event, item.Id);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                receiver.Queue.Writer.TryComplete();
            }

            await Task.WhenAll(loops);
        }
    }

    private async Task DeliverLoopAsync(WebhookReceiver receiver, CancellationToken stoppingToken)
    {
        var pipeline = BuildPipeline(receiver);
        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            await foreach (var item in receiver.Queue.Reader.ReadAllAsync(stoppingToken))
            {
                await DeliverAsync(http, pipeline, receiver, item, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(HttpClient http, ResiliencePipeline<HttpResponseMessage> pipeline, WebhookReceiver receiver, BrokerEvent item, CancellationToken stoppingToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            receiver.Options.IncludeContent ? item : item with { Content = null },
            WebhookJsonContext.Default.BrokerEvent);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(receiver.Key, body));
        var context = ResilienceContextPool.Shared.Get(stoppingToken);
        context.Properties.Set(EventKey, item);
        HttpResponseMessage? response = null;
        string outcome;
        try
        {
            response = await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, state.Url)
                    {
                        Content = new ByteArrayContent(state.Body) { Headers = { ContentType = new("application/json") } },
                    };
                    request.Headers.Add("X-Broker-Signature", state.Signature);
                    request.Headers.Add("X-Broker-Event", state.Event);
                    request.Headers.Add("X-Broker-Delivery", state.Id);
                    return await state.Http.SendAsync(request, ctx.CancellationToken);
                },
                context,
                (Http: http, Url: receiver.Options.Url, Body: body, Signature: signature, Event: item.Event, Id: item.Id));
            if (response.IsSuccessStatusCode)
            {
                metrics.WebhookDelivered();
                log.Delivered(item.Event, item.Id, receiver.DisplayUrl);
                return;
            }

            outcome = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            outcome = ex.GetType().Name;
        }
        finally
        {
            response?.Dispose();
            ResilienceContextPool.Shared.Return(context);
        }

        metrics.WebhookDropped("failed");
        log.Dropped(item.Event, item.Id, receiver.DisplayUrl, settings.MaxAttempts, outcome);
    }

    private static readonly ResiliencePropertyKey<BrokerEvent> EventKey = new("broker.event");

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(WebhookReceiver receiver)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (settings.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.FirstRetryDelay,
                MaxDelay = TimeSpan.FromMinutes(5),
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    var item = args.Context.Properties.GetValue(EventKey, null!);
                    log.Retrying(item.Event, item.Id, receiver.DisplayUrl, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay);
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        return builder.AddTimeout(settings.RequestTimeout).Build();
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result is { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests };

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? ex.GetType().Name : $"HTTP {(int)outcome.Result!.StatusCode}";
}
