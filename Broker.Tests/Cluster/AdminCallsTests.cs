using System.Text.Json;
using Broker.Admin;
using Broker.Cluster;
using Broker.Protocol.Access;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Topics;

namespace Broker.Tests.Cluster;

/// <summary>Every admin command and every value a topic answers one with survive the trip to the topic's grain and back (<see cref="AdminCalls"/>).</summary>
public sealed class AdminCallsTests
{
    private static readonly TopicTarget Group = new("grpAbc", TopicCategory.Group, "grpAbc");

    public static TheoryData<int> Commands() => [.. Enumerable.Range(0, AllCommands().Length)];

    private static AdminCommand[] AllCommands() =>
    [
        new AdminGetTopicCommand(Group),
        new AdminDeleteTopicCommand(Group),
        new AdminSetMemberCommand(Group, 42, AccessMode.Join | AccessMode.Read),
        new AdminSetMemberCommand(Group, 43, null),
        new AdminRemoveMemberCommand(Group, 42),
        new AdminCreateGroupCommand(Group with { IsNew = true }, 7, """{"fn":"g"}""", new DefaultAccess(AccessMode.Join, AccessMode.None), ["a", "b"],
            [(42L, AccessMode.Join | AccessMode.Write), (43L, AccessMode.Read)]),
        new AdminEmcInboundCommand(new TopicTarget("emcX", TopicCategory.Group, "emcX"), """{"emc":{}}""", "\"hi\"", "ext-1"),
        new AdminEmcStatusCommand(new TopicTarget("emcX", TopicCategory.Group, "emcX"), 5, "failed", "no route"),
        new AdminUpdateUserCommand(AdminDispatcher.MeOf(new UserId(42)), JsonDocument.Parse("""{"fn":"x"}""").RootElement, UserState.Suspended)
        {
            Trusted = JsonDocument.Parse("""{"verified":true}""").RootElement,
        },
        new CredentialTagsCommand(AdminDispatcher.MeOf(new UserId(42)), "email:a@b.c", null),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_admin_command_arrives_as_sent(int index)
    {
        var command = AllCommands()[index];
        var arrived = AdminCalls.FromCall(AdminCalls.ToCall(command));
        Assert.NotNull(arrived);
        Assert.IsType(command.GetType(), arrived);
        Assert.Equal(command.Target, arrived.Target);
        Assert.Equal(AdminCalls.ToCall(command).Json, AdminCalls.ToCall(arrived).Json);
    }

    [Fact]
    public void A_call_naming_anything_but_an_admin_command_is_refused()
    {
        Assert.Null(AdminCalls.FromCall(new AdminCall { Command = typeof(DetachCommand).FullName!, Json = "{}"u8.ToArray() }));
        Assert.Null(AdminCalls.FromCall(new AdminCall { Command = "System.IO.FileInfo", Json = "{}"u8.ToArray() }));
    }

    [Fact]
    public void Reply_values_arrive_as_sent()
    {
        var now = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
        object[] values =
        [
            new PublishedView("grpAbc", 3, now),
            new EmcPostedView("emcX", 4, null, true),
            new EmcStatusView("emcX", 4, "delivered"),
            new TopicView
            {
                Name = "grpAbc", Created = now, Owner = "usrA", Public = Broker.Protocol.Json.RawJson.From("""{"fn":"g"}"""), Tags = ["a"], Seq = 9,
                Members = [new MemberView { User = "usrA", Want = "JRWPASDO", Given = "JRWPASDO", Mode = "JRWPASDO", Read = 2, Online = true }],
            },
            new UserRecord { Id = 42, Created = now, Updated = now, State = UserState.Suspended, Public = """{"fn":"x"}""", Tags = ["basic:x"] },
        ];
        foreach (var value in values)
        {
            var reply = AdminCalls.FromReply(AdminCalls.ToReply(new AdminReply(201, value, null)));
            Assert.Equal(201, reply.Status);
            Assert.IsType(value.GetType(), reply.Value);
            Assert.Equal(JsonSerializer.Serialize(value, value.GetType()), JsonSerializer.Serialize(reply.Value, value.GetType()));
        }

        var error = AdminCalls.FromReply(AdminCalls.ToReply(new AdminReply(404, null, "no such topic")));
        Assert.Equal((404, null, "no such topic"), (error.Status, error.Value, error.Error));
    }
}
