namespace Broker.Topics;

/// <summary>
/// The sessions attached to a topic: a list for fan-out (iterated on every message, so kept dense) and an index by
/// session, so that finding or removing one session costs the same in a group of 5,000 as in a group of two.
/// Order is not kept: a removal moves the last attachment into the gap.
/// </summary>
internal sealed class AttachmentList
{
    private readonly List<Attachment> items = [];
    private readonly Dictionary<ISubscriber, int> positions = new(ReferenceEqualityComparer.Instance);

    public int Count => items.Count;

    public Attachment this[int index] => items[index];

    public List<Attachment>.Enumerator GetEnumerator() => items.GetEnumerator();

    public void Add(Attachment attachment)
    {
        positions.Add(attachment.Session, items.Count);
        items.Add(attachment);
    }

    public Attachment? Find(ISubscriber session) => positions.TryGetValue(session, out var index) ? items[index] : null;

    public bool Remove(ISubscriber session)
    {
        if (!positions.Remove(session, out var index))
        {
            return false;
        }

        var last = items.Count - 1;
        if (index != last)
        {
            var moved = items[last];
            items[index] = moved;
            positions[moved.Session] = index;
        }

        items.RemoveAt(last);
        return true;
    }

    public void Clear()
    {
        items.Clear();
        positions.Clear();
    }
}
