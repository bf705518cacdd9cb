using System.Text.Json.Nodes;
using Broker.Files;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Files;

/// <summary>
/// Which uploads survive the sweeper: those a message attaches (<c>{pub extra:{attachments}}</c>) or an avatar refers
/// to (<c>public.photo.ref</c>), until the message or the topic is deleted; the rest go after the grace period.
/// </summary>
public sealed class FileLifetimeTests
{
    private static readonly TimeSpan PastGrace = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("local")]
    [InlineData("database")]
    public async Task Unreferenced_uploads_go_after_the_grace_period_attached_ones_stay_until_their_message_is_deleted(string provider)
    {
        var clock = new FakeClock();
        var folder = Path.Combine(Path.GetTempPath(), "broker-tests", "files-" + Guid.NewGuid().ToString("N"));
        await using var broker = await TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock), "--Files:Provider=" + provider, "--Files:Local:Path=" + folder);
        try
        {
            await using var alice = await broker.UserAsync("alice");
            await using var bob = await broker.UserAsync("bob");
            using var files = new FileHttp(broker);
            var sweeper = broker.Services.GetRequiredService<UnusedFileSweeper>();
            var topic = await alice.CreateGroupAsync();
            FrameAssert.Ctrl(await bob.SubAsync(topic), 200, "ok");
            var unused = await files.UploadOkAsync(alice.Token!, [1]);
            var attached = await files.UploadOkAsync(alice.Token!, [2]);
            var seq = await PublishWithAttachmentAsync(alice, topic, attached);

            clock.Advance(TimeSpan.FromHours(23));
            Assert.Equal(0, await sweeper.SweepOnceAsync(Ct));
            clock.Advance(PastGrace - TimeSpan.FromHours(23));
            Assert.Equal(1, await sweeper.SweepOnceAsync(Ct));

            Assert.Equal(404, await files.StatusAsync(unused, bob.Token!));
            Assert.Equal(200, await files.StatusAsync(attached, bob.Token!));

            FrameAssert.Ctrl(await alice.DelMsgAsync(topic, true, seq), 200, "ok");
            Assert.Equal(1, await sweeper.SweepOnceAsync(Ct));
            Assert.Equal(404, await files.StatusAsync(attached, bob.Token!));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Avatars_stay_while_they_are_the_users_or_the_groups_photo_and_deleting_the_group_frees_its_files()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var alice = await broker.UserAsync("alice");
        using var files = new FileHttp(broker);
        var sweeper = broker.Services.GetRequiredService<UnusedFileSweeper>();
        var mine = await files.UploadOkAsync(alice.Token!, [1]);
        var replaced = await files.UploadOkAsync(alice.Token!, [2]);
        var groupPhoto = await files.UploadOkAsync(alice.Token!, [3]);
        var inGroup = await files.UploadOkAsync(alice.Token!, [4]);

        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await alice.SetAsync("me", Desc(replaced)), 200, "ok");
        FrameAssert.Ctrl(await alice.SetAsync("me", Desc(mine)), 200, "ok");
        var topic = await alice.CreateGroupAsync(Desc(groupPhoto));
        await PublishWithAttachmentAsync(alice, topic, inGroup);

        clock.Advance(PastGrace);
        Assert.Equal(1, await sweeper.SweepOnceAsync(Ct));
        Assert.Equal(404, await files.StatusAsync(replaced, alice.Token!));
        Assert.Equal(200, await files.StatusAsync(mine, alice.Token!));
        Assert.Equal(200, await files.StatusAsync(groupPhoto, alice.Token!));

        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject { ["what"] = "topic", ["hard"] = true }), 200, "ok");
        Assert.Equal(2, await sweeper.SweepOnceAsync(Ct));
        Assert.Equal(404, await files.StatusAsync(groupPhoto, alice.Token!));
        Assert.Equal(404, await files.StatusAsync(inGroup, alice.Token!));
        Assert.Equal(200, await files.StatusAsync(mine, alice.Token!));
    }

    private static JsonObject Desc(string photoUrl) => new()
    {
        ["desc"] = new JsonObject
        {
            ["public"] = new JsonObject { ["fn"] = "Alice", ["photo"] = new JsonObject { ["type"] = "image/png", ["ref"] = photoUrl } },
        },
    };

    /// <summary>A Drafty message with the file as an attachment entity and in <c>extra.attachments</c>, as Tinode's web app sends it.</summary>
    private static async Task<long> PublishWithAttachmentAsync(TestClient client, string topic, string url)
    {
        var id = client.NextId();
        await client.SendAsync(new JsonObject
        {
            ["pub"] = new JsonObject
            {
                ["id"] = id,
                ["topic"] = topic,
                ["head"] = new JsonObject { ["mime"] = "text/x-drafty" },
                ["content"] = new JsonObject
                {
                    ["fmt"] = new JsonArray(new JsonObject { ["at"] = -1, ["len"] = 0, ["key"] = 0 }),
                    ["ent"] = new JsonArray(new JsonObject { ["tp"] = "EX", ["data"] = new JsonObject { ["mime"] = "image/png", ["ref"] = url } }),
                },
            },
            ["extra"] = new JsonObject { ["attachments"] = new JsonArray(url) },
        });
        var ctrl = await client.CtrlAsync(id);
        FrameAssert.Ctrl(ctrl, 202, "accepted");
        return ctrl.GetProperty("params").GetProperty("seq").GetInt64();
    }
}
