using Broker.Files;
using Broker.Options;
using Broker.Storage;
using Broker.Storage.Blobs;
using Broker.Storage.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Broker.Tests.Files;

/// <summary>The sweeper's own timer, driven by a fake clock.</summary>
public sealed class UnusedFileSweeperTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_interval_on_the_injected_clock_sweeps_files_past_the_grace_period()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var backend = InMemoryBackend.Create();
        var sweeps = new SweepSignal(backend.Files!);
        var store = backend with { Files = sweeps };
        var blobs = new InMemoryBlobStore();
        var options = Microsoft.Extensions.Options.Options.Create(new FilesOptions { UnusedGracePeriod = TimeSpan.FromHours(2), SweepInterval = TimeSpan.FromHours(1) });
        using var sweeper = new UnusedFileSweeper(store, blobs, options, clock, new FilesLog(NullLogger<FilesLog>.Instance));
        await backend.Files!.CreateAsync(new FileRecord("old", 1, "image/png", 0, clock.GetUtcNow().UtcDateTime, false), Ct);
        await blobs.WriteAsync("old", new MemoryStream([1, 2]), Ct);
        await sweeper.StartAsync(Ct);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await sweeps.NextAsync());
        Assert.NotNull(await blobs.OpenReadAsync("old", Ct));

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(["old"], await sweeps.NextAsync());
        await sweeper.StopAsync(Ct);
        Assert.Null(await blobs.OpenReadAsync("old", Ct));
        Assert.Null(await backend.Files!.GetAsync("old", Ct));
    }

    /// <summary>Reports each sweep's result, so the test awaits the sweep instead of sleeping.</summary>
    private sealed class SweepSignal(IFileStore inner) : IFileStore
    {
        private readonly System.Threading.Channels.Channel<IReadOnlyList<string>> results = System.Threading.Channels.Channel.CreateUnbounded<IReadOnlyList<string>>();

        public async Task<IReadOnlyList<string>> NextAsync() => await results.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);

        public async Task<IReadOnlyList<string>> DeleteUnusedAsync(DateTime createdBefore, int limit, CancellationToken cancellationToken)
        {
            var deleted = await inner.DeleteUnusedAsync(createdBefore, limit, cancellationToken);
            results.Writer.TryWrite(deleted);
            return deleted;
        }

        public Task CreateAsync(FileRecord file, CancellationToken cancellationToken) => inner.CreateAsync(file, cancellationToken);

        public Task CompleteAsync(string id, long size, CancellationToken cancellationToken) => inner.CompleteAsync(id, size, cancellationToken);

        public Task<FileRecord?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task LinkMessagesAsync(string topic, IReadOnlyList<MessageFileLink> links, CancellationToken cancellationToken) =>
            inner.LinkMessagesAsync(topic, links, cancellationToken);

        public Task ReplaceAvatarLinksAsync(FileOwner owner, IReadOnlyList<string> fileIds, CancellationToken cancellationToken) =>
            inner.ReplaceAvatarLinksAsync(owner, fileIds, cancellationToken);
    }
}
