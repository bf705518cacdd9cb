using Broker.Options;
using Microsoft.Extensions.Options;

namespace Broker.Emc;

/// <summary>What emc topics need beyond every topic's services: the configuration and the outbox's wake-up.</summary>
internal sealed class EmcServices(IOptions<EmcOptions> options, EmcOutboxSignal outbox)
{
    public EmcOptions Options { get; } = options.Value;

    public EmcOutboxSignal Outbox { get; } = outbox;
}
