namespace Broker.Auth;

/// <summary>Why a code is sent: it chooses the message's wording and the code's store purpose.</summary>
internal enum CodePurpose
{
    /// <summary>Confirm an email address or phone number.</summary>
    Validation,

    /// <summary>Set a new password.</summary>
    PasswordReset,
}
