using Broker.Protocol.Names;

namespace Broker.Tests.Protocol;

public sealed class NamesTests
{
    private static readonly UserId Alice = new(0x0102030405060708);
    private static readonly UserId Bob = new(0x1122334455667788);

    [Fact]
    public void User_id_is_usr_plus_base64url_of_little_endian_bytes()
    {
        Assert.Equal("usrCAcGBQQDAgE", Alice.ToString());
        Assert.Equal("usriHdmVUQzIhE", Bob.ToString());
        Assert.True(UserId.TryParse("usriHdmVUQzIhE", out var parsed));
        Assert.Equal(Bob, parsed);
    }

    [Theory]
    [InlineData("usrCAcGBQQDAg")]
    [InlineData("usrCAcGBQQDAgEx")]
    [InlineData("grpCAcGBQQDAgE")]
    [InlineData("usr!!!!!!!!!!!")]
    [InlineData("usrAAAAAAAAAAA")]
    public void Invalid_user_ids_are_rejected(string text)
    {
        Assert.False(UserId.TryParse(text, out _));
    }

    [Fact]
    public void P2P_name_is_the_same_from_both_sides_and_parses_back()
    {
        var name = TopicNames.P2PName(Alice, Bob);

        Assert.Equal("p2pCAcGBQQDAgGId2ZVRDMiEQ", name);
        Assert.Equal(name, TopicNames.P2PName(Bob, Alice));
        Assert.Equal(Bob, TopicNames.P2PPeer(name, Alice));
        Assert.Equal(Alice, TopicNames.P2PPeer(name, Bob));
    }

    [Theory]
    [InlineData("me", TopicCategory.Me)]
    [InlineData("fnd", TopicCategory.Fnd)]
    [InlineData("usrCAcGBQQDAgE", TopicCategory.P2P)]
    [InlineData("p2pCAcGBQQDAgGId2ZVRDMiEQ", TopicCategory.P2P)]
    [InlineData("grpCAcGBQQDAgE", TopicCategory.Group)]
    [InlineData("new", TopicCategory.Group)]
    [InlineData("newABC", TopicCategory.Group)]
    [InlineData("chnCAcGBQQDAgE", TopicCategory.Channel)]
    [InlineData("xyz", TopicCategory.Unknown)]
    public void Category_follows_the_prefix(string name, TopicCategory expected)
    {
        Assert.Equal(expected, TopicNames.CategoryOf(name));
    }

    [Fact]
    public void New_group_names_are_random_and_valid()
    {
        var first = TopicNames.NewGroupName();
        var second = TopicNames.NewGroupName();

        Assert.NotEqual(first, second);
        Assert.True(TopicNames.IsValidGroupName(first));
        Assert.Equal(14, first.Length);
    }
}
