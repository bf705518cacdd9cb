namespace Broker.Options;

/// <summary>The <c>basic</c> (login and password) scheme, bound from <c>Auth:Basic</c>.</summary>
public sealed class BasicAuthOptions
{
    /// <summary>
    /// As Tinode's <c>add_to_tags</c> (on in its sample configuration): every account holds the tag
    /// <c>basic:&lt;login&gt;</c>, kept by the server (a restricted namespace) and renamed with the login, and a plain
    /// search term that could be a login also looks for that tag, so "New chat" finds a user by login.
    /// </summary>
    public bool AddToTags { get; set; } = true;
}
