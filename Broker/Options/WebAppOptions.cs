namespace Broker.Options;

/// <summary>A static web app (e.g. Tinode's, installed by tools/webapp/install.sh) served at <c>/</c>, bound from <c>Broker:WebApp</c>.</summary>
public sealed class WebAppOptions
{
    public const string Section = "Broker:WebApp";

    /// <summary>Where <c>tools/webapp/install.sh</c> installs the app when given no folder, relative to the working folder (as <c>data/broker.db</c>).</summary>
    public const string DefaultRoot = "data/webapp";

    /// <summary>
    /// Folder with the app's <c>index.html</c>; relative paths are from the working folder. Unset: <see cref="DefaultRoot"/>
    /// when the app is installed there; empty: no web app. A folder set here without <c>index.html</c> stops start-up.
    /// </summary>
    public string? Root { get; set; }
}
