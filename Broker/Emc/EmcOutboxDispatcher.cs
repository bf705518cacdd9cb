using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Broker.Options;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Topics;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Broker.Emc;

/// <summary>
/// Hands outbound emc messages to the gateway from the durable outbox the append wrote them into: each due entry is
/// posted to <c>Broker:Emc:OutboundUrl</c>, signed with <c>X-Broker-Signature: sha256=&lt;hex HMAC-SHA256 of the
/// body&gt;</c>, and removed once the gateway answers 2xx. Any other outcome reschedules it with a growing delay, in
/// the store, so that neither a restart nor a crash loses or forgets it; a crash between the gateway's 2xx and the
/// removal posts it once more with the same <c>id</c>.
/// </summary>
internal sealed class EmcOutboxDispatcher(
    StorageBackend store,
    IOptions<EmcOptions> options,
    EmcOutboxSignal signal,
    IHttpClientFactory httpClients,
    TimeProvider clock,
    EmcLog log) : BackgroundService
{
    public const string HttpClientName = "emc";
    private readonly EmcOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(settings.OutboundUrl))
        {
            log.NoGateway();
            return;
        }

        var key = Encoding.UTF8.GetBytes(settings.Secret!);
        var url = new Uri(settings.OutboundUrl);
        var attempt = new ResiliencePipelineBuilder().AddTimeout(settings.RequestTimeout).Build();
        var http = httpClients.CreateClient(HttpClientName);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = stoppingToken };
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var taken = 0;
                try
                {
                    var due = await store.Outbox.GetDueAsync(clock.GetUtcNow().UtcDateTime, settings.BatchSize, stoppingToken);
                    taken = due.Count;
                    await Parallel.ForEachAsync(due, parallel, (entry, ct) => DeliverAsync(http, attempt, url, key, entry, ct));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.RoundFailed(ex);
                    taken = 0;
                }

                // A full round may have left more due at once; otherwise wait for a publish or the next poll.
                if (taken < settings.BatchSize)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async ValueTask DeliverAsync(HttpClient http, ResiliencePipeline attempt, Uri url, byte[] key, OutboxEntry entry, CancellationToken cancellationToken)
    {
        var (channel, to) = EmcHead.RouteOf(entry.Head);
        var id = entry.Topic + ":" + entry.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new EmcGatewayMessage(
                id,
                entry.Topic,
                entry.Seq,
                entry.From == 0 ? null : new UserId(entry.From).ToString(),
                channel,
                to,
                new RawJson(entry.Content),
                RawJson.From(entry.Head),
                entry.Ts),
            EmcJsonContext.Default.EmcGatewayMessage);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));
        string outcome;
        try
        {
            using var response = await attempt.ExecuteAsync(
                static async (state, ct) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, state.url)
                    {
                        Content = new ByteArrayContent(state.body) { Headers = { ContentType = new("application/json") } },
                    };
                    request.Headers.Add("X-Broker-Signature", state.signature);
                    request.Headers.Add("X-Broker-Event", "emc.outbound");
                    request.Headers.Add("X-Broker-Delivery", state.id);
                    return await state.http.SendAsync(request, ct);
                },
                (http, url, body, signature, id),
                cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await store.Outbox.CompleteAsync(entry.Topic, entry.Seq, cancellationToken);
                log.Delivered(entry.Topic, entry.Seq);
                return;
            }

            outcome = $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            outcome = ex.GetType().Name;
        }

        var attempts = entry.Attempts + 1;
        var dueAt = clock.GetUtcNow().UtcDateTime + RetryDelay(attempts);
        await store.Outbox.RescheduleAsync(entry.Topic, entry.Seq, attempts, dueAt, cancellationToken);
        log.Retrying(entry.Topic, entry.Seq, attempts, outcome, dueAt);
    }

    /// <summary>
    /// Exponential backoff with ±20% jitter, capped. Written here rather than taken from Polly's retry: the wait is
    /// stored with the entry (its due time), so it outlives the process, which an in-memory retry loop cannot.
    /// </summary>
    private TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Min(attempts - 1, 30);
        var delay = Math.Min(settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
