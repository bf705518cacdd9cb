using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>Video and audio calls in p2p topics (Tinode's WebRTC signalling), bound from <c>Calls</c>.</summary>
public sealed class CallsOptions
{
    public const string Section = "Calls";

    /// <summary>
    /// ICE servers reported in <c>{hi}</c> as <c>iceServers</c>, e.g. <c>--Calls:IceServers:0:Urls:0=stun:stun.example.com:3478</c>.
    /// Empty (the default) turns calls off: a call invite is refused.
    /// </summary>
    public List<IceServerOptions> IceServers { get; set; } = [];

    /// <summary>How long a call may ring before it is marked missed (Tinode's <c>call_establishment_timeout</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EstablishmentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => IceServers.Count > 0;
}
