using Broker.Protocol.Json;

namespace Broker.Emc;

/// <summary>
/// The body posted to the gateway for one outbound message. <c>Id</c> (<c>topic:seq</c>) is the same on every attempt
/// so the gateway can drop a repeat; <c>From</c> is the sending user.
/// </summary>
internal sealed record EmcGatewayMessage(
    string Id,
    string Topic,
    long Seq,
    string? From,
    string? Channel,
    string? To,
    RawJson Content,
    RawJson? Head,
    DateTime Ts);
