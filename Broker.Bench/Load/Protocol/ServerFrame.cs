namespace Broker.Bench.Load.Protocol;

/// <summary>
/// The few fields of a server frame the generator needs, read without allocating. <see cref="NumericId"/> is
/// the id when it is all digits (publish acks), -1 otherwise; <see cref="HasTextId"/> marks setup replies,
/// which take the slow path. <see cref="HasProbe"/> is set when <c>content</c> carried the generator's probe
/// (<c>p</c> publisher, <c>n</c> publisher sequence, <c>t</c> send timestamp).
/// </summary>
internal struct ServerFrame
{
    public ServerFrameKind Kind;
    public long NumericId;
    public bool HasTextId;
    public int Code;

    /// <summary><c>data.seq</c>, <c>info.seq</c> or <c>ctrl.params.seq</c>.</summary>
    public long Seq;

    public bool HasProbe;
    public int Publisher;
    public long PubSeq;
    public long SentAt;
}
