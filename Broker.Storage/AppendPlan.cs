namespace Broker.Storage;

/// <summary>
/// Which drafts of a batch are new and which are duplicates, the same for every store. The store looks up each
/// <see cref="KeyedFirsts"/> draft (the first of the batch with its sender and key) and marks those whose key it
/// already holds within the window with <see cref="MarkStored"/>; a later draft of the batch with the same sender
/// and key is a duplicate of the first. The rest, <see cref="Fresh"/>, are stored.
/// </summary>
internal sealed class AppendPlan
{
    private readonly IReadOnlyList<MessageDraft> batch;
    private readonly AppendedMessage[] results;
    private readonly int[] duplicateOf;
    private readonly bool[] stored;
    private bool anyDuplicate;

    // Indexes into the batch of the fresh drafts; null while every draft is fresh (then Fresh is the batch itself).
    private List<int>? freshIndexes;
    private IReadOnlyList<MessageDraft>? fresh;

    public AppendPlan(IReadOnlyList<MessageDraft> batch)
    {
        this.batch = batch;
        results = new AppendedMessage[batch.Count];
        duplicateOf = new int[batch.Count];
        stored = new bool[batch.Count];
        Array.Fill(duplicateOf, -1);
        Dictionary<(long From, string Key), int>? firsts = null;
        var keyed = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].IdempotencyKey is not { } key)
            {
                continue;
            }

            firsts ??= [];
            if (firsts.TryGetValue((batch[i].From, key), out var first))
            {
                duplicateOf[i] = first;
                anyDuplicate = true;
            }
            else
            {
                firsts[(batch[i].From, key)] = i;
                keyed.Add(i);
            }
        }

        KeyedFirsts = keyed;
    }

    /// <summary>Indexes of the drafts whose key the store must look up.</summary>
    public IReadOnlyList<int> KeyedFirsts { get; }

    /// <summary>The drafts to store, in draft order; read it after the lookups.</summary>
    public IReadOnlyList<MessageDraft> Fresh
    {
        get
        {
            if (fresh is null && !anyDuplicate)
            {
                fresh = batch;
            }
            else if (fresh is null)
            {
                freshIndexes = [];
                var list = new List<MessageDraft>(batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (duplicateOf[i] < 0 && !stored[i])
                    {
                        freshIndexes.Add(i);
                        list.Add(batch[i]);
                    }
                }

                fresh = list;
            }

            return fresh;
        }
    }

    /// <summary>The draft at <paramref name="index"/> repeats a message the store holds as <paramref name="seq"/>.</summary>
    public void MarkStored(int index, long seq)
    {
        if (fresh is not null)
        {
            throw new InvalidOperationException("the plan's fresh drafts were already read");
        }

        stored[index] = true;
        anyDuplicate = true;
        results[index] = new AppendedMessage(seq, Duplicate: true);
    }

    /// <summary>The result once the fresh drafts were stored as seqs <paramref name="first"/>, + 1, ….</summary>
    public AppendResult Complete(long first)
    {
        var count = Fresh.Count;
        for (var j = 0; j < count; j++)
        {
            results[freshIndexes?[j] ?? j] = new AppendedMessage(first + j, Duplicate: false);
        }

        for (var i = 0; i < results.Length; i++)
        {
            if (duplicateOf[i] >= 0)
            {
                results[i] = new AppendedMessage(results[duplicateOf[i]].Seq, Duplicate: true);
            }
        }

        return new AppendResult(results);
    }
}
