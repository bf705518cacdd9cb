using Broker.Protocol.Access;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Upsert_creates_then_replaces_a_subscription()
    {
        var sub = Sub("grpAlpha", 5) with { Private = "{\"note\":1}" };
        await Backend.Subscriptions.UpsertAsync(sub, null, Ct);
        Assert.Equal(sub, await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct));

        var replaced = sub with
        {
            Updated = At(9),
            Want = AccessModes.Full,
            Given = AccessMode.Join | AccessMode.Read,
            ReadSeq = 4,
            RecvSeq = 6,
            DelId = 2,
            Private = null,
        };
        await Backend.Subscriptions.UpsertAsync(replaced, null, Ct);

        Assert.Equal(replaced, await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct));
        Assert.Equal(AccessMode.Join | AccessMode.Read, replaced.Mode);
        Assert.Single(await Backend.Subscriptions.GetForTopicAsync("grpAlpha", true, Ct));
        Assert.Null(await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct));
    }

    [Fact]
    public async Task Subscriptions_are_listed_by_topic_and_by_user()
    {
        await Backend.Subscriptions.UpsertAsync(Sub("grpAlpha", 5), null, Ct);
        await Backend.Subscriptions.UpsertAsync(Sub("grpAlpha", 6), null, Ct);
        await Backend.Subscriptions.UpsertAsync(Sub("grpBeta", 5), null, Ct);
        await Backend.Subscriptions.UpsertAsync(Sub("me", 5, AccessModes.Me, AccessModes.Me), null, Ct);

        Assert.Equal([5L, 6L], (await Backend.Subscriptions.GetForTopicAsync("grpAlpha", false, Ct)).Select(s => s.UserId).Order());
        Assert.Equal(["grpAlpha", "grpBeta", "me"], (await Backend.Subscriptions.GetForUserAsync(5, false, Ct)).Select(s => s.Topic).Order(StringComparer.Ordinal));
        Assert.Empty(await Backend.Subscriptions.GetForUserAsync(7, true, Ct));
    }

    [Fact]
    public async Task Soft_deleting_a_subscription_keeps_its_modes_and_hides_it_unless_deleted_ones_are_asked_for()
    {
        var banned = Sub("grpAlpha", 6, AccessModes.Public, AccessMode.None) with { ReadSeq = 3 };
        await Backend.Subscriptions.UpsertAsync(Sub("grpAlpha", 5), null, Ct);
        await Backend.Subscriptions.UpsertAsync(banned, null, Ct);

        await Backend.Subscriptions.SoftDeleteAsync("grpAlpha", 6, At(40), null, Ct);

        var expected = banned with { Deleted = At(40), Updated = At(40) };
        Assert.Equal(expected, await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct));
        Assert.Equal([5L], (await Backend.Subscriptions.GetForTopicAsync("grpAlpha", false, Ct)).Select(s => s.UserId));
        Assert.Equal([5L, 6L], (await Backend.Subscriptions.GetForTopicAsync("grpAlpha", true, Ct)).Select(s => s.UserId).Order());
        Assert.Empty(await Backend.Subscriptions.GetForUserAsync(6, false, Ct));
        Assert.Equal([expected], await Backend.Subscriptions.GetForUserAsync(6, true, Ct));
    }

    [Fact]
    public async Task Upserting_a_soft_deleted_subscription_undeletes_it()
    {
        await Backend.Subscriptions.UpsertAsync(Sub("grpAlpha", 6), null, Ct);
        await Backend.Subscriptions.SoftDeleteAsync("grpAlpha", 6, At(40), null, Ct);
        var deleted = await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct);

        await Backend.Subscriptions.UpsertAsync(deleted! with { Deleted = null, Updated = At(50) }, null, Ct);

        var undeleted = await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct);
        Assert.Null(undeleted!.Deleted);
        Assert.Equal(At(50), undeleted.Updated);
        Assert.Equal([6L], (await Backend.Subscriptions.GetForTopicAsync("grpAlpha", false, Ct)).Select(s => s.UserId));
    }

    [Fact]
    public async Task Update_markers_sets_read_and_recv_of_an_existing_subscription_only()
    {
        var sub = Sub("grpAlpha", 5);
        await Backend.Subscriptions.UpsertAsync(sub, null, Ct);

        await Backend.Subscriptions.UpdateMarkersAsync("grpAlpha", 5, 7, 9, null, Ct);
        await Backend.Subscriptions.UpdateMarkersAsync("grpAlpha", 6, 7, 9, null, Ct);

        Assert.Equal(sub with { ReadSeq = 7, RecvSeq = 9 }, await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct));
        Assert.Null(await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct));
    }
}
