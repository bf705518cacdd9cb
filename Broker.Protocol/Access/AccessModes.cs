namespace Broker.Protocol.Access;

/// <summary>Parsing, formatting and the named constants of <see cref="AccessMode"/>.</summary>
public static class AccessModes
{
    public const AccessMode Full = AccessMode.Join | AccessMode.Read | AccessMode.Write | AccessMode.Presence
        | AccessMode.Approve | AccessMode.Share | AccessMode.Delete | AccessMode.Owner;
    /// <summary>JRWPS: default for authenticated users of a new group.</summary>
    public const AccessMode Public = AccessMode.Join | AccessMode.Read | AccessMode.Write | AccessMode.Presence | AccessMode.Share;
    /// <summary>JRWPA: default p2p mode.</summary>
    public const AccessMode P2P = AccessMode.Join | AccessMode.Read | AccessMode.Write | AccessMode.Presence | AccessMode.Approve;
    /// <summary>JRWPAS: default for a user account (used for p2p).</summary>
    public const AccessMode Auth = P2P | AccessMode.Share;
    /// <summary>JPS: the mode of the `me` subscription.</summary>
    public const AccessMode Me = AccessMode.Join | AccessMode.Presence | AccessMode.Share;
    /// <summary>Bits a user's p2p default may contain.</summary>
    public const AccessMode P2PMask = P2P | AccessMode.Delete;
    public const AccessMode Admin = AccessMode.Approve | AccessMode.Owner;
    public const AccessMode Sharer = AccessMode.Share | AccessMode.Approve | AccessMode.Owner;

    private const string Letters = "JRWPASDO";

    /// <summary>Formats the mode in the fixed order <c>JRWPASDO</c>; zero is <c>N</c>.</summary>
    public static string Format(AccessMode mode)
    {
        return mode switch
        {
            AccessMode.None => "N",
            Full => "JRWPASDO",
            Public => "JRWPS",
            P2P => "JRWPA",
            Auth => "JRWPAS",
            Me => "JPS",
            _ => FormatSlow(mode),
        };
    }

    private static string FormatSlow(AccessMode mode)
    {
        Span<char> buffer = stackalloc char[8];
        var length = 0;
        for (var i = 0; i < Letters.Length; i++)
        {
            if (((int)mode & (1 << i)) != 0)
            {
                buffer[length++] = Letters[i];
            }
        }

        return length == 0 ? "N" : new string(buffer[..length]);
    }

    /// <summary>
    /// Parses an absolute mode string. Letters are case-insensitive, in any order; <c>N</c> first means
    /// no access; anything else (including <c>+</c>/<c>-</c> deltas) is invalid.
    /// </summary>
    public static bool TryParse(string? text, out AccessMode mode)
    {
        mode = AccessMode.None;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text[0] is 'N' or 'n')
        {
            return true;
        }

        foreach (var c in text)
        {
            var index = Letters.IndexOf(char.ToUpperInvariant(c));
            if (index < 0)
            {
                mode = AccessMode.None;
                return false;
            }

            mode |= (AccessMode)(1 << index);
        }

        return true;
    }

    /// <summary>The delta from <paramref name="from"/> to <paramref name="to"/> as Tinode writes it: <c>+RW-P</c>.</summary>
    public static string Delta(AccessMode from, AccessMode to)
    {
        var added = to & ~from;
        var removed = from & ~to;
        if (added == AccessMode.None && removed == AccessMode.None)
        {
            return string.Empty;
        }

        var result = string.Empty;
        if (added != AccessMode.None)
        {
            result = "+" + Format(added);
        }

        if (removed != AccessMode.None)
        {
            result += "-" + Format(removed);
        }

        return result;
    }

    public static bool Has(this AccessMode mode, AccessMode bits) => (mode & bits) == bits;

    public static bool HasAny(this AccessMode mode, AccessMode bits) => (mode & bits) != 0;
}
