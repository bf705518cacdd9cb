using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Broker.Protocol.Names;

/// <summary>Topic naming rules: categories, p2p names, and new group names.</summary>
public static class TopicNames
{
    public const string Me = "me";
    public const string Fnd = "fnd";
    public const string Slf = "slf";
    public const string Sys = "sys";
    public const string GroupPrefix = "grp";
    public const string ChannelPrefix = "chn";
    public const string P2PPrefix = "p2p";
    public const string NewGroupPrefix = "new";
    public const string NewChannelPrefix = "nch";
    public const string EmcPrefix = "emc";

    /// <summary>Category of a name as a client may send it.</summary>
    public static TopicCategory CategoryOf(string name)
    {
        if (name == Me)
        {
            return TopicCategory.Me;
        }

        if (name == Fnd)
        {
            return TopicCategory.Fnd;
        }

        if (name == Slf)
        {
            return TopicCategory.Slf;
        }

        if (name == Sys)
        {
            return TopicCategory.Sys;
        }

        if (name.StartsWith(UserId.Prefix, StringComparison.Ordinal) || name.StartsWith(P2PPrefix, StringComparison.Ordinal))
        {
            return TopicCategory.P2P;
        }

        if (name.StartsWith(GroupPrefix, StringComparison.Ordinal) || name.StartsWith(NewGroupPrefix, StringComparison.Ordinal))
        {
            return TopicCategory.Group;
        }

        if (name.StartsWith(ChannelPrefix, StringComparison.Ordinal) || name.StartsWith(NewChannelPrefix, StringComparison.Ordinal))
        {
            return TopicCategory.Channel;
        }

        if (name.StartsWith(EmcPrefix, StringComparison.Ordinal))
        {
            return TopicCategory.Emc;
        }

        return TopicCategory.Unknown;
    }

    /// <summary>
    /// The p2p topic of two users: <c>p2p</c> + base64url(LE(low) ‖ LE(high)), the ids compared as unsigned.
    /// </summary>
    public static string P2PName(UserId a, UserId b)
    {
        var (low, high) = (ulong)a.Value < (ulong)b.Value ? (a, b) : (b, a);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, low.Value);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], high.Value);
        return P2PPrefix + Base64Url.EncodeToString(bytes);
    }

    /// <summary>Both parties of a p2p topic name.</summary>
    public static bool TryParseP2P(string name, out UserId first, out UserId second)
    {
        first = default;
        second = default;
        if (name.Length != P2PPrefix.Length + 22 || !name.StartsWith(P2PPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = name.AsSpan(P2PPrefix.Length);
        Span<byte> bytes = stackalloc byte[17];
        if (!Base64Url.IsValid(body) || !Base64Url.TryDecodeFromChars(body, bytes, out var written) || written != 16)
        {
            return false;
        }

        first = new UserId(BinaryPrimitives.ReadInt64LittleEndian(bytes));
        second = new UserId(BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]));
        return !first.IsZero && !second.IsZero && first != second;
    }

    /// <summary>The other party of a p2p topic.</summary>
    public static UserId P2PPeer(string p2pName, UserId self)
    {
        return TryParseP2P(p2pName, out var a, out var b) ? (a == self ? b : a) : default;
    }

    /// <summary>A fresh group name: <c>grp</c> + 11 random base64url characters.</summary>
    public static string NewGroupName() => RandomName(GroupPrefix);

    public static bool IsValidGroupName(string name)
    {
        return UserId.TryParseBody(name, GroupPrefix, out _);
    }

    /// <summary>The stored name of a user's saved-messages topic (<c>slf</c> to the client): <c>slf</c> + the user id's 11 characters.</summary>
    public static string SlfName(UserId user) => Slf + user.Body;

    /// <summary>A channel reader's name for a group that is also a channel: <c>chn</c> + the group's 11 characters.</summary>
    public static bool IsValidChannelName(string name) => UserId.TryParseBody(name, ChannelPrefix, out _);

    /// <summary><c>chnX</c> → <c>grpX</c>.</summary>
    public static string ChannelToGroup(string channel) => GroupPrefix + channel[ChannelPrefix.Length..];

    /// <summary><c>grpX</c> → <c>chnX</c>.</summary>
    public static string GroupToChannel(string group) => ChannelPrefix + group[GroupPrefix.Length..];

    /// <summary>The emc topic of a user's own external conversations: <c>emc</c> + the user id's 11 characters.</summary>
    public static string EmcName(UserId user) => EmcPrefix + user.Body;

    /// <summary>
    /// The user whose own emc topic <paramref name="name"/> would be. An emc group's name has the same shape (its 11
    /// characters are random), so only the store can tell whether that user exists.
    /// </summary>
    public static bool TryParseEmcUser(string name, out UserId user) => UserId.TryParseBody(name, EmcPrefix, out user);

    /// <summary>A well-formed emc name: <c>emc</c> + 11 base64url characters of a non-zero id.</summary>
    public static bool IsValidEmcName(string name) => TryParseEmcUser(name, out _);

    /// <summary>A fresh emc group name: <c>emc</c> + 11 random base64url characters.</summary>
    public static string NewEmcGroupName() => RandomName(EmcPrefix);

    private static string RandomName(string prefix)
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Base64Url.EncodeToString(bytes);
    }
}
