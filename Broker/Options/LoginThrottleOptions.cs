using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>
/// Failed-credential throttling, bound from <c>Broker:LoginThrottle</c>. Failures are counted per login name and remote
/// address together, and per remote address, within <see cref="Window"/>. Past <see cref="SlowdownAfter"/> failures each further failure is
/// answered only after <see cref="FailureDelay"/>; past the per-name or per-address maximum, attempts are refused with
/// <c>{ctrl 429}</c> for <see cref="Lockout"/> without checking the credentials. A success clears the name's count for that
/// address. A name is never locked for every address, so nobody can lock its owner out from elsewhere.
/// </summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Broker:LoginThrottle";

    /// <summary>Failures (per name or address) answered at once; later ones are delayed.</summary>
    [Range(0, 1_000_000)]
    public int SlowdownAfter { get; set; } = 3;

    /// <summary>Delay added to a failed reply once <see cref="SlowdownAfter"/> is passed.</summary>
    public TimeSpan FailureDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failures for one login name from one address within the window before that name is locked out for that address.</summary>
    [Range(1, 1_000_000)]
    public int MaxFailuresPerLogin { get; set; } = 10;

    /// <summary>Failures from one address within the window before that address is locked out.</summary>
    [Range(1, 1_000_000)]
    public int MaxFailuresPerAddress { get; set; } = 100;

    /// <summary>How long failures are remembered.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked-out name or address is refused.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Names and addresses tracked at most (each); expired entries are pruned when full.</summary>
    [Range(16, 10_000_000)]
    public int MaxEntries { get; set; } = 100_000;
}
