using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Broker.Options;

/// <summary>
/// Several broker nodes as one Orleans cluster (bound from <c>Cluster</c>). Off by default: a single node runs no
/// Orleans at all. On, it needs <c>Storage:Provider=postgres</c>: the membership lives in the broker's database.
/// </summary>
public sealed class BrokerClusterOptions : IValidatableObject
{
    public const string Section = "Cluster";

    /// <summary>Join (or form) a cluster of broker nodes; requires <c>Storage:Provider=postgres</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Nodes with the same id and database form one cluster.</summary>
    public string ClusterId { get; set; } = "broker";

    /// <summary>The node-to-node (silo) port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The IP address other nodes reach this one on; the silo listens on it.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            yield return new ValidationResult("Cluster:ClusterId must not be empty.", [nameof(ClusterId)]);
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult($"Cluster:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.", [nameof(AdvertisedAddress)]);
        }
    }
}
