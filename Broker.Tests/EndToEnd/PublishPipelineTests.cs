using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// A topic appends its next publish batch while it delivers the last (<c>Broker:PipelinePublishes</c>): a client that
/// sends publishes without waiting must still get one reply per publish in the order it sent them, refusals included,
/// and the messages stored with contiguous seqs in that order.
/// </summary>
public sealed class PublishPipelineTests : IDisposable
{
    private const int Count = 400;

    private readonly string folder = Directory.CreateTempSubdirectory("broker-pipeline-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Replies_and_echoes_keep_the_order_the_publishes_were_sent_in(bool pipeline)
    {
        await using var broker = await TestBroker.StartAsync(
            "--Broker:PipelinePublishes=" + pipeline,
            "--Broker:RateLimit:PubPerSecond=0",
            "--Calls:IceServers:0:Urls:0=stun:stun.example.com:3478", "--Storage:Provider=sqlite", "--Storage:Sqlite:Path=" + Path.Combine(folder, "broker.db"));
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var group = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await alice.SetSubAsync(group, bob.UserId, "JRWPS"), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");

        // Every 7th publish is a call invite, which a group refuses (403: the topic decides it, not the session, so the
        // refusal takes its place between the acks of the publishes around it); the others are stored.
        var ids = new List<string>(Count);
        for (var i = 0; i < Count; i++)
        {
            var id = alice.NextId();
            ids.Add(id);
            var pub = new JsonObject { ["id"] = id, ["topic"] = group, ["content"] = "message " + i };
            if (i % 7 == 3)
            {
                pub["head"] = new JsonObject { ["webrtc"] = "started" };
            }

            await alice.SendAsync(new JsonObject { ["pub"] = pub });
        }

        var expectedSeq = 1L;
        for (var i = 0; i < Count; i++)
        {
            var ctrl = (await alice.ExpectAsync(f => f.TryGetProperty("ctrl", out _), $"reply #{i}")).GetProperty("ctrl");
            Assert.Equal(ids[i], ctrl.Str("id"));
            if (i % 7 == 3)
            {
                FrameAssert.Ctrl(ctrl, 403, "permission denied");
            }
            else
            {
                FrameAssert.Ctrl(ctrl, 202, "accepted");
                Assert.Equal(expectedSeq++, ctrl.GetProperty("params").GetProperty("seq").GetInt64());
            }
        }

        var stored = expectedSeq - 1;
        for (var seq = 1L; seq <= stored; seq++)
        {
            var data = await bob.ExpectFrameAsync("data", d => d.Str("topic") == group, "data");
            Assert.Equal(seq, data.GetProperty("seq").GetInt64());
        }

        Assert.Equal(stored, (await bob.GetDescAsync(group)).GetProperty("seq").GetInt64());
    }
}
