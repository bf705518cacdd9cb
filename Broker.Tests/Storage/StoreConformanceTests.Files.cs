using Broker.Storage;

namespace Broker.Tests.Storage;

/// <summary>File records and links: what keeps an upload alive and what frees it.</summary>
public abstract partial class StoreConformanceTests
{
    private IFileStore FileStore
    {
        get
        {
            if (Backend.Files is null)
            {
                Assert.Skip($"the {Backend.Admin.Name} store keeps no files");
            }

            return Backend.Files;
        }
    }

    private static FileRecord File(string id, int minutes = 0, long userId = 1) => new(id, userId, "image/png", 0, At(minutes), Ready: false);

    [Fact]
    public async Task A_file_is_pending_until_completed_with_its_size()
    {
        await FileStore.CreateAsync(File("f1", 3, userId: 7), Ct);
        Assert.Equal(File("f1", 3, userId: 7), await FileStore.GetAsync("f1", Ct));

        await FileStore.CompleteAsync("f1", 1234, Ct);

        Assert.Equal(new FileRecord("f1", 7, "image/png", 1234, At(3), true), await FileStore.GetAsync("f1", Ct));
        Assert.Null(await FileStore.GetAsync("missing", Ct));
    }

    [Fact]
    public async Task Unlinked_files_older_than_the_cutoff_are_deleted_oldest_first_up_to_the_limit()
    {
        await FileStore.CreateAsync(File("old2", 2), Ct);
        await FileStore.CreateAsync(File("old1", 1), Ct);
        await FileStore.CreateAsync(File("fresh", 10), Ct);

        Assert.Equal(["old1"], await FileStore.DeleteUnusedAsync(At(5), 1, Ct));
        Assert.Equal(["old2"], await FileStore.DeleteUnusedAsync(At(5), 10, Ct));
        Assert.Empty(await FileStore.DeleteUnusedAsync(At(5), 10, Ct));
        Assert.Null(await FileStore.GetAsync("old1", Ct));
        Assert.NotNull(await FileStore.GetAsync("fresh", Ct));
    }

    [Fact]
    public async Task A_message_keeps_its_attachment_until_it_is_hard_deleted()
    {
        await Backend.Topics.CreateAsync(Topic("grpFiles"), [Sub("grpFiles", 1)], Ct);
        await Backend.Messages.AppendAsync("grpFiles", Drafts(2), Ct);
        await FileStore.CreateAsync(File("a1"), Ct);
        await FileStore.CreateAsync(File("a2"), Ct);
        await FileStore.LinkMessagesAsync("grpFiles", [new MessageFileLink(1, "a1"), new MessageFileLink(2, "a2"), new MessageFileLink(2, "nosuchfile")], Ct);

        Assert.Empty(await FileStore.DeleteUnusedAsync(At(60), 10, Ct));

        await Backend.Messages.DeleteAsync("grpFiles", 1, [SeqRange.Single(1)], null, Ct);
        Assert.Empty(await FileStore.DeleteUnusedAsync(At(60), 10, Ct));

        await Backend.Messages.DeleteAsync("grpFiles", null, [SeqRange.Single(1)], null, Ct);
        Assert.Equal(["a1"], await FileStore.DeleteUnusedAsync(At(60), 10, Ct));
        Assert.Null(await FileStore.GetAsync("nosuchfile", Ct));
    }

    [Fact]
    public async Task Deleting_the_topic_frees_its_messages_files_and_its_avatar()
    {
        await Backend.Topics.CreateAsync(Topic("grpGone"), [Sub("grpGone", 1)], Ct);
        await Backend.Messages.AppendAsync("grpGone", Drafts(1), Ct);
        await FileStore.CreateAsync(File("m1"), Ct);
        await FileStore.CreateAsync(File("av"), Ct);
        await FileStore.LinkMessagesAsync("grpGone", [new MessageFileLink(1, "m1")], Ct);
        await FileStore.ReplaceAvatarLinksAsync(FileOwner.OfTopic("grpGone"), ["av"], Ct);
        Assert.Empty(await FileStore.DeleteUnusedAsync(At(60), 10, Ct));

        await Backend.Topics.DeleteAsync("grpGone", null, Ct);

        Assert.Equal(["av", "m1"], [.. (await FileStore.DeleteUnusedAsync(At(60), 10, Ct)).Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public async Task A_users_avatar_is_kept_until_replaced_or_the_user_is_deleted()
    {
        await Backend.Users.CreateAsync(User(5), Login(5, "eve"), [], Ct);
        await FileStore.CreateAsync(File("p1"), Ct);
        await FileStore.CreateAsync(File("p2"), Ct);
        await FileStore.ReplaceAvatarLinksAsync(FileOwner.OfUser(5), ["p1"], Ct);
        Assert.Equal(["p2"], await FileStore.DeleteUnusedAsync(At(60), 10, Ct));

        await FileStore.CreateAsync(File("p3"), Ct);
        await FileStore.ReplaceAvatarLinksAsync(FileOwner.OfUser(5), ["p3"], Ct);
        Assert.Equal(["p1"], await FileStore.DeleteUnusedAsync(At(60), 10, Ct));

        await Backend.Users.DeleteAsync(5, Ct);
        Assert.Equal(["p3"], await FileStore.DeleteUnusedAsync(At(60), 10, Ct));
    }
}
