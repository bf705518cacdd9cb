using System.Collections;

namespace Broker.Storage.Testing;

/// <summary>
/// A batch whose item at <see cref="FaultIndex"/> throws <see cref="InjectedFaultException"/> when read a second time:
/// the store's first pass over the batch (looking at its idempotency keys) goes through, and the fault strikes while
/// the rows are written, after the items before it were.
/// </summary>
internal sealed class FaultingBatch(IReadOnlyList<MessageDraft> inner) : IReadOnlyList<MessageDraft>
{
    private int faultIndexReads;

    public int FaultIndex { get; } = inner.Count / 2;

    public int Count => inner.Count;

    public MessageDraft this[int index] => index == FaultIndex && Interlocked.Increment(ref faultIndexReads) > 1
        ? throw new InjectedFaultException($"injected fault reading item {index} of a batch of {inner.Count}")
        : inner[index];

    public IEnumerator<MessageDraft> GetEnumerator()
    {
        for (var i = 0; i < inner.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
