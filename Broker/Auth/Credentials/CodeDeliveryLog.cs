namespace Broker.Auth;

/// <summary>Code delivery log events. Addresses and numbers are personal data: logged at debug level only; codes only in LogCodes mode.</summary>
internal sealed partial class CodeDeliveryLog(ILogger<CodeDelivery> logger)
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Sending a {Method} code failed")]
    public partial void SendFailed(Exception exception, string method);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Sent a {Method} code to {Recipient}")]
    public partial void Sent(string method, string recipient);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Auth:Smtp:LogCodes (development): {Purpose} code for {Method} {Recipient} is {Code}")]
    public partial void CodeForDevelopment(string purpose, string method, string recipient, string code);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "No sender is configured for {Method}: the code was not sent")]
    public partial void NoSender(string method);
}
