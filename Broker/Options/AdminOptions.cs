using System.ComponentModel.DataAnnotations;
using Broker.Protocol.Names;

namespace Broker.Options;

/// <summary>The admin API (<c>/v0/admin</c>), bound from <c>Broker:Admin</c>.</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Broker:Admin";

    /// <summary>
    /// The secret the admin API requires (<c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Admin-Key</c>). When empty the
    /// API is off and answers 404. Set it from the environment (<c>Broker__Admin__Key</c>), never in a committed file.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// Optional <c>usr…</c> id of the user that speaks for the system: the sender of admin messages without
    /// <c>from</c>, and the owner of groups created without <c>owner</c>. Without it such messages have no sender.
    /// </summary>
    public string? SystemUser { get; set; }

    /// <summary>How long an admin request waits for the topic that handles it.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(SystemUser) && !UserId.TryParse(SystemUser, out _))
        {
            yield return new ValidationResult("Broker:Admin:SystemUser must be a usr… user id.", [nameof(SystemUser)]);
        }

        if (!string.IsNullOrEmpty(Key) && Key.Length < 16)
        {
            yield return new ValidationResult("Broker:Admin:Key must be at least 16 characters.", [nameof(Key)]);
        }
    }
}
