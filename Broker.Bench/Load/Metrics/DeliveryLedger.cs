namespace Broker.Bench.Load.Metrics;

/// <summary>
/// What one receiving session got: per publisher, the set of publisher sequence numbers read from the
/// payloads. Written only by that session's receive loop.
/// </summary>
internal sealed class DeliveryLedger(string name)
{
    private readonly Dictionary<int, SequenceSet> _byPublisher = [];
    private int _lastPublisher = -1;
    private SequenceSet? _last;

    public string Name { get; } = name;

    /// <summary>Set when the session's connection ended before the run finished; its deliveries are excused.</summary>
    public bool Disconnected { get; set; }

    public long Unique { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Records one delivery; false for a duplicate.</summary>
    public bool Record(int publisher, long sequence)
    {
        var set = publisher == _lastPublisher ? _last! : Lookup(publisher);
        if (set.Add(sequence))
        {
            Unique++;
            return true;
        }

        Duplicates++;
        return false;
    }

    public SequenceSet? From(int publisher) => _byPublisher.GetValueOrDefault(publisher);

    private SequenceSet Lookup(int publisher)
    {
        if (!_byPublisher.TryGetValue(publisher, out var set))
        {
            set = new SequenceSet();
            _byPublisher.Add(publisher, set);
        }

        _lastPublisher = publisher;
        _last = set;
        return set;
    }
}
