namespace Broker.Protocol.Access;

/// <summary>
/// Tinode access bits. The effective mode of a subscription is <c>want &amp; given</c>.
/// <c>None</c> is the explicit "no access" value written as <c>N</c>.
/// </summary>
[Flags]
public enum AccessMode
{
    None = 0,
    /// <summary>J: subscribe/attach.</summary>
    Join = 0x01,
    /// <summary>R: receive {data}, read history, soft-delete.</summary>
    Read = 0x02,
    /// <summary>W: publish, send typing notes.</summary>
    Write = 0x04,
    /// <summary>P: receive presence.</summary>
    Presence = 0x08,
    /// <summary>A: approve, manage members.</summary>
    Approve = 0x10,
    /// <summary>S: share, invite with the default mode.</summary>
    Share = 0x20,
    /// <summary>D: hard-delete messages.</summary>
    Delete = 0x40,
    /// <summary>O: owner.</summary>
    Owner = 0x80,
}
