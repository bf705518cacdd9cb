using Broker.Protocol.Json;

namespace Broker.Events;

/// <summary>The JSON body of a webhook request; members that do not apply to the event are omitted.</summary>
internal sealed record BrokerEvent
{
    /// <summary>Unique id of the event, also in <c>X-Broker-Delivery</c>: receivers can drop duplicates of a retry.</summary>
    public required string Id { get; init; }

    /// <summary><c>message.published</c>, <c>message.offline</c>, <c>subscription.changed</c>, <c>topic.deleted</c> or <c>report.created</c>.</summary>
    public required string Event { get; init; }

    public required DateTime Ts { get; init; }

    /// <summary>The topic's stored name: <c>grp…</c> or <c>p2p…</c>.</summary>
    public required string Topic { get; init; }

    public long? Seq { get; init; }

    /// <summary>Sender of a message, actor of a deletion; absent for the system.</summary>
    public string? From { get; init; }

    public RawJson? Head { get; init; }

    /// <summary>Only for receivers with <c>IncludeContent</c>.</summary>
    public RawJson? Content { get; init; }

    /// <summary><c>message.offline</c>: members with read access who have no session online.</summary>
    public IReadOnlyList<string>? Users { get; init; }

    /// <summary><c>subscription.changed</c>: whose subscription.</summary>
    public string? User { get; init; }

    /// <summary><c>subscription.changed</c>: <c>subscribed</c>, <c>updated</c> or <c>removed</c>.</summary>
    public string? Change { get; init; }

    public string? Want { get; init; }

    public string? Given { get; init; }

    /// <summary><c>report.created</c>: what the report says is done (<c>report</c> from Tinode's apps), when it says.</summary>
    public string? Action { get; init; }

    /// <summary><c>report.created</c>: the reported user or topic, when the report names one.</summary>
    public string? Target { get; init; }
}
