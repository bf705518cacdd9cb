namespace Broker.Storage;

/// <summary>A range of seq ids, <c>Low</c> inclusive and <c>Hi</c> exclusive (always normalized: Hi &gt; Low).</summary>
public readonly record struct SeqRange(long Low, long Hi)
{
    public static SeqRange Single(long seq) => new(seq, seq + 1);

    public bool Contains(long seq) => seq >= Low && seq < Hi;
}
