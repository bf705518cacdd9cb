using Broker.Options;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Broker.WebApp;

/// <summary>
/// Serves a static web app at <c>/</c>, on the same origin as the WebSocket endpoint (Tinode's web app connects back
/// to the host and port it was loaded from): from <c>Broker:WebApp:Root</c>, or, when that is not set, from
/// <see cref="WebAppOptions.DefaultRoot"/> if <c>tools/webapp/install.sh</c> installed the app there. At start-up it
/// logs where to open it, or how to install it.
/// </summary>
internal static class WebAppHosting
{
    /// <summary>Adds the static file middleware when there is an app to serve; returns false when there is none.</summary>
    public static bool UseBrokerWebApp(this WebApplication app)
    {
        var options = app.Configuration.GetSection(WebAppOptions.Section).Get<WebAppOptions>() ?? new WebAppOptions();
        var configured = options.Root;
        if (configured is not null && string.IsNullOrWhiteSpace(configured))
        {
            // Set to empty: turned off on purpose.
            return false;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Broker.WebApp");
        var root = ResolveRoot(configured, app.Environment.ContentRootPath);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            if (configured is null)
            {
                app.Lifetime.ApplicationStarted.Register(() => WebAppLog.NotInstalled(logger, root));
                return false;
            }

            throw new InvalidOperationException(
                $"Broker:WebApp:Root '{root}' has no index.html; install the app with tools/webapp/install.sh <folder>.");
        }

        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".m4a"] = "audio/mp4";
        types.Mappings[".map"] = "application/json";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        app.Lifetime.ApplicationStarted.Register(() => WebAppLog.Serving(logger, BrowserUrl(app.Urls), root));
        return true;
    }

    /// <summary>The folder to serve: the configured one, else <see cref="WebAppOptions.DefaultRoot"/>; relative to the working folder.</summary>
    internal static string ResolveRoot(string? configured, string workingFolder) =>
        Path.GetFullPath(configured ?? WebAppOptions.DefaultRoot, workingFolder);

    /// <summary>The first address the server listens on, as a browser on this machine would open it.</summary>
    internal static string BrowserUrl(ICollection<string> urls)
    {
        var first = urls.FirstOrDefault() ?? "http://localhost:6060";
        if (!Uri.TryCreate(first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return first;
        }

        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port, "/").Uri.ToString();
    }
}
