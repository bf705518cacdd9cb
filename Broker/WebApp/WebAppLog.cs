namespace Broker.WebApp;

/// <summary>Start-up lines that say where the web app is (or how to install it).</summary>
internal static partial class WebAppLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Web app: open {Url} in a browser (served from {Root})")]
    public static partial void Serving(ILogger logger, string url, string root);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "No web app at {Root}: tools/webapp/install.sh installs Tinode's web app there, and the broker serves it at / on its next start")]
    public static partial void NotInstalled(ILogger logger, string root);
}
