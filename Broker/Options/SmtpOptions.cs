using MailKit.Security;

namespace Broker.Options;

/// <summary>Where validation and reset codes are mailed, bound from <c>Auth:Smtp</c>. The password comes from configuration only.</summary>
public sealed class SmtpOptions
{
    /// <summary>SMTP server; empty means no mail is sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Broker &lt;no-reply@example.com&gt;</c>.</summary>
    public string From { get; set; } = "no-reply@localhost";

    /// <summary>MailKit's <see cref="SecureSocketOptions"/>: <c>None</c>, <c>Auto</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c>.</summary>
    public SecureSocketOptions TlsMode { get; set; } = SecureSocketOptions.Auto;

    /// <summary>Development only: write codes to the log (event 5103) instead of requiring a mail server or SMS gateway.</summary>
    public bool LogCodes { get; set; }
}
