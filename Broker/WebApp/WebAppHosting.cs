using Broker.Options;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Broker.WebApp;

/// <summary>
/// Serves a static web app from <c>Broker:WebApp:Root</c> at <c>/</c>, on the same origin as the WebSocket endpoint
/// (Tinode's web app connects back to the host and port it was loaded from). Off by default.
/// </summary>
internal static class WebAppHosting
{
    /// <summary>Adds the static file middleware when a root is configured; returns false when the web app is off.</summary>
    public static bool UseBrokerWebApp(this WebApplication app)
    {
        var options = app.Configuration.GetSection(WebAppOptions.Section).Get<WebAppOptions>() ?? new WebAppOptions();
        if (string.IsNullOrWhiteSpace(options.Root))
        {
            return false;
        }

        var root = Path.GetFullPath(options.Root);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            throw new InvalidOperationException(
                $"Broker:WebApp:Root '{root}' has no index.html; install the app with tools/webapp/install.sh <folder>.");
        }

        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".m4a"] = "audio/mp4";
        types.Mappings[".map"] = "application/json";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        return true;
    }
}
