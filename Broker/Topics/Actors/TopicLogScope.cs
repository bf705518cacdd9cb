using System.Collections;

namespace Broker.Topics;

/// <summary>The logging scope of a topic actor's loop: <c>Topic</c>.</summary>
internal sealed class TopicLogScope(string topic) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new("Topic", topic) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "Topic " + topic;
}
