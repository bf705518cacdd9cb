using Broker.Events;
using Broker.Observability;
using Broker.Options;
using Broker.Presence;
using Broker.Sessions;
using Broker.Storage;
using Microsoft.Extensions.Options;

namespace Broker.Topics;

/// <summary>What every topic actor needs.</summary>
internal sealed class TopicServices(
    StorageBackend store,
    IOptions<BrokerOptions> options,
    PresenceRegistry presence,
    SessionRegistry sessions,
    ILoggerFactory loggers,
    BrokerMetrics metrics,
    IBrokerEvents events,
    Auth.CredentialService credentials,
    TimeProvider clock,
    Auth.TagPolicy tags,
    IOptions<CallsOptions> calls)
{
    public StorageBackend Store { get; } = store;
    public BrokerOptions Options { get; } = options.Value;
    public PresenceRegistry Presence { get; } = presence;
    public SessionRegistry Sessions { get; } = sessions;
    public TopicLog Log { get; } = new(loggers.CreateLogger<TopicActor>());
    public BrokerMetrics Metrics { get; } = metrics;
    public IBrokerEvents Events { get; } = events;
    public Auth.CredentialService Credentials { get; } = credentials;
    public TimeProvider Clock { get; } = clock;
    public Auth.TagPolicy Tags { get; } = tags;

    /// <summary>How long a call invite rings before it is missed (<c>Calls:EstablishmentTimeout</c>).</summary>
    public TimeSpan CallEstablishmentTimeout { get; } = calls.Value.EstablishmentTimeout;
}
