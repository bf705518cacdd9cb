namespace Broker.Options;

/// <summary>A static web app (e.g. Tinode's, installed by tools/webapp/install.sh) served at <c>/</c>, bound from <c>Broker:WebApp</c>.</summary>
public sealed class WebAppOptions
{
    public const string Section = "Broker:WebApp";

    /// <summary>Folder with the app's <c>index.html</c>; relative paths are from the working folder. Empty: no web app.</summary>
    public string? Root { get; set; }
}
