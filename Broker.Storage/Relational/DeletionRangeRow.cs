namespace Broker.Storage.Relational;

/// <summary>One range of a delete transaction: a <c>deletions</c> row. A transaction has a row per range.</summary>
internal sealed class DeletionRangeRow
{
    public long DelId { get; set; }
    public long? ForUser { get; set; }
    public long Low { get; set; }
    public long Hi { get; set; }

    /// <summary>Folds rows ordered by (del id, low) into one record per delete transaction.</summary>
    public static IReadOnlyList<DeletionRecord> Group(string topic, IEnumerable<DeletionRangeRow> rows)
    {
        var result = new List<DeletionRecord>();
        DeletionRangeRow? head = null;
        var ranges = new List<SeqRange>();
        foreach (var row in rows)
        {
            if (head is not null && row.DelId != head.DelId)
            {
                result.Add(new DeletionRecord(topic, head.DelId, head.ForUser, ranges));
                ranges = [];
            }

            head = row;
            ranges.Add(new SeqRange(row.Low, row.Hi));
        }

        if (head is not null)
        {
            result.Add(new DeletionRecord(topic, head.DelId, head.ForUser, ranges));
        }

        return result;
    }
}
