using Broker.Storage.InMemory;
using Broker.Storage.Testing;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.EndToEnd;

public sealed class StoreFailureTests
{
    [Fact]
    public async Task A_failed_append_is_answered_500_and_the_next_publish_gets_the_next_seq_with_no_gap()
    {
        var backend = InMemoryBackend.Create();
        var faulty = new FaultInjectingMessageStore(backend.Messages);
        var store = backend with { Messages = faulty };
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton(store));
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var group = await alice.CreateGroupAsync();
        await bob.SubAsync(group);
        Assert.Equal(1, await alice.PubAsync(group, "first"));
        await bob.ExpectDataAsync(group, 1);

        faulty.FailNextAppends(1);
        var failed = await alice.PublishAsync(group, "lost");

        Assert.Equal(500, failed.GetProperty("code").GetInt32());
        Assert.Equal("internal error", failed.GetProperty("text").GetString());
        Assert.Equal(2, await alice.PubAsync(group, "second"));
        await bob.ExpectDataAsync(group, 2);
        var history = await bob.GetSeqsAsync(group);
        Assert.Equal(new long[] { 2, 1 }, history);
        Assert.Equal(1, faulty.InjectedFailures);
    }
}
