using Broker.Sessions;
using Broker.Topics;

namespace Broker.Tests.Unit;

public sealed class AttachedTopicsTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    public void Topics_are_found_replaced_and_removed_by_name_below_and_past_the_small_limit(int count)
    {
        var topics = new AttachedTopics();
        var handles = Enumerable.Range(0, count).Select(i => new Handle("grp" + i)).ToArray();
        foreach (var handle in handles)
        {
            topics.Set(handle);
        }

        var replacement = new Handle("grp1");
        topics.Set(replacement);

        Assert.Equal(count, topics.Count);
        Assert.True(topics.TryGet("grp1", out var found));
        Assert.Same(replacement, found);
        Assert.False(topics.Contains("grpX"));
        Assert.False(topics.Remove("grp1", only: handles[1]));
        Assert.True(topics.Remove("grp1", only: replacement));
        Assert.False(topics.Contains("grp1"));
        Assert.True(topics.Remove("grp0"));
        Assert.Equal(count - 2, topics.Count);
        Assert.Equal(handles.Skip(2).Select(h => h.Name).Order(), topics.Snapshot().Select(h => h.Name).Order());
        Assert.Equal(count - 2, topics.TakeAll().Length);
        Assert.Equal(0, topics.Count);
        Assert.Empty(topics.Snapshot());
    }

    private sealed class Handle(string name) : ITopicHandle
    {
        public string Name { get; } = name;

        public bool Post(TopicCommand command) => true;

        public Task DrainAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
