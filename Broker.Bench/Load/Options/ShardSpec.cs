using System.Globalization;

namespace Broker.Bench.Load.Options;

/// <summary>
/// <c>--shard i/n</c>: this process runs the units (groups, pairs, sessions, readers) whose index is i modulo n,
/// so n generator processes split one run against one broker and each keeps exact loss accounting.
/// </summary>
internal readonly record struct ShardSpec(int Index, int Count)
{
    public static readonly ShardSpec Single = new(0, 1);

    public bool Owns(int unit) => unit % Count == Index;

    /// <summary>How many of <paramref name="units"/> units this shard owns.</summary>
    public int Share(int units) => units <= Index ? 0 : ((units - 1 - Index) / Count) + 1;

    public static bool TryParse(string? text, out ShardSpec shard)
    {
        shard = Single;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || index >= count)
        {
            return false;
        }

        shard = new ShardSpec(index, count);
        return true;
    }

    public override string ToString() => $"{Index}/{Count}";
}
