using System.Text;
using System.Threading.Channels;
using Broker.Options;

namespace Broker.Events;

/// <summary>A receiver with its queue, signing key, and its URL without query (which may hold a token) for logs.</summary>
internal sealed class WebhookReceiver(WebhookEndpointOptions options, int capacity)
{
    public WebhookEndpointOptions Options { get; } = options;

    public byte[] Key { get; } = Encoding.UTF8.GetBytes(options.Secret);

    public string DisplayUrl { get; } = new Uri(options.Url).GetLeftPart(UriPartial.Path);

    public Channel<BrokerEvent> Queue { get; } = Channel.CreateBounded<BrokerEvent>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
}
