using Broker.Storage;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task A_users_me_private_is_stored_on_create_and_replaced_by_update()
    {
        var user = User(5) with { Private = "{\"tpin\":[\"grpA\"]}" };
        await Backend.Users.CreateAsync(user, Login(5, "eve"), [], Ct);
        Assert.Equal(user.Private, (await Backend.Users.GetAsync(5, Ct))!.Private);

        await Backend.Users.UpdateAsync(user with { Private = "{\"tpin\":[\"usrB\",\"grpA\"]}" }, Ct);
        Assert.Equal("{\"tpin\":[\"usrB\",\"grpA\"]}", (await Backend.Users.GetManyAsync([5], Ct)).Single().Private);

        await Backend.Users.UpdateAsync(user with { Private = null }, Ct);
        Assert.Null((await Backend.Users.GetAsync(5, Ct))!.Private);
    }

    [Fact]
    public async Task A_topics_aux_is_stored_and_replaced_by_update_and_its_channel_flag_is_kept()
    {
        var channel = Topic("grpChan", owner: 5) with { IsChannel = true, Aux = "{\"pins\":[3]}" };
        await Backend.Topics.CreateAsync(channel, [Sub("grpChan", 5)], Ct);
        await Backend.Topics.CreateAsync(Topic("grpPlain", owner: 5), [], Ct);

        AssertSameTopic(channel, await Backend.Topics.GetAsync("grpChan", Ct));
        Assert.False((await Backend.Topics.GetAsync("grpPlain", Ct))!.IsChannel);
        Assert.Null((await Backend.Topics.GetAsync("grpPlain", Ct))!.Aux);

        await Backend.Topics.UpdateAsync(channel with { Aux = "{\"pins\":[3,7]}", IsChannel = false }, null, Ct);
        var updated = await Backend.Topics.GetAsync("grpChan", Ct);
        Assert.Equal("{\"pins\":[3,7]}", updated!.Aux);
        Assert.True(updated.IsChannel);
        Assert.Contains(await Backend.Topics.ListGroupsAsync(null, 10, Ct), t => t.Name == "grpChan" && t.IsChannel);
    }
}
