using System.Text.Json;
using System.Security.Cryptography;
using System.Text;
using Broker.Options;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broker.Auth;

/// <summary>
/// Sends validation and reset codes: email over SMTP with MailKit, <c>tel</c> through the SMS webhook, or to the log
/// in development (<c>Auth:Smtp:LogCodes</c>). Sending runs in the background, as Tinode's validators do, so a slow
/// mail server never holds a session up; a failure is logged.
/// </summary>
internal sealed class CodeDelivery(IOptions<AuthOptions> options, IHttpClientFactory httpClients, CodeDeliveryLog log)
{
    private readonly AuthOptions settings = options.Value;

    /// <summary>True when a code for <paramref name="method"/> can reach anyone.</summary>
    public bool CanSend(string method) => settings.Smtp.LogCodes || method switch
    {
        CredentialMethods.Email => !string.IsNullOrWhiteSpace(settings.Smtp.Host),
        CredentialMethods.Tel => !string.IsNullOrWhiteSpace(settings.Sms.WebhookUrl),
        _ => false,
    };

    /// <summary>Starts sending; returns the task for tests and shutdown, never faulted.</summary>
    public Task SendAsync(string method, string recipient, string code, CodePurpose purpose)
    {
        if (settings.Smtp.LogCodes)
        {
            log.CodeForDevelopment(purpose.ToString(), method, recipient, code);
            return Task.CompletedTask;
        }

        if (!CanSend(method))
        {
            log.NoSender(method);
            return Task.CompletedTask;
        }

        return Task.Run(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                if (method == CredentialMethods.Email)
                {
                    await MailAsync(recipient, code, purpose, timeout.Token);
                }
                else
                {
                    await TextAsync(recipient, code, purpose, timeout.Token);
                }

                log.Sent(method, recipient);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                log.SendFailed(ex, method);
            }
        });
    }

    private static string Text(string code, CodePurpose purpose) => purpose == CodePurpose.PasswordReset
        ? $"Your password reset code is {code}. If you did not ask to reset your password, ignore this message."
        : $"Your confirmation code is {code}.";

    private async Task MailAsync(string recipient, string code, CodePurpose purpose, CancellationToken cancellationToken)
    {
        var smtp = settings.Smtp;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = purpose == CodePurpose.PasswordReset ? "Reset your password" : "Confirm your email address";
        message.Body = new TextPart("plain") { Text = Text(code, purpose) };
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.TlsMode, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    private async Task TextAsync(string recipient, string code, CodePurpose purpose, CancellationToken cancellationToken)
    {
        var sms = settings.Sms;
        var body = JsonSerializer.SerializeToUtf8Bytes(new SmsRequest(recipient, Text(code, purpose), code), CodeDeliveryJsonContext.Default.SmsRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(sms.Secret))
        {
            request.Headers.Add("X-Broker-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(sms.Secret), body)));
        }

        using var client = httpClients.CreateClient(nameof(CodeDelivery));
        client.Timeout = sms.Timeout;
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
