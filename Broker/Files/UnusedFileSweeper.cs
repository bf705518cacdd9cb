using Broker.Options;
using Broker.Storage;
using Broker.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Broker.Files;

/// <summary>
/// Every <c>Files:SweepInterval</c>, deletes uploads older than <c>Files:UnusedGracePeriod</c> that no live message,
/// avatar, topic or user refers to: first their records (so nothing serves them any more), then their bytes.
/// </summary>
internal sealed class UnusedFileSweeper(StorageBackend store, IBlobStore blobs, IOptions<FilesOptions> options, TimeProvider clock, FilesLog log)
    : BackgroundService
{
    private const int BatchSize = 100;

    // Created with the service, not in ExecuteAsync (which runs on a background thread): intervals count from start.
    private readonly PeriodicTimer timer = new(options.Value.SweepInterval, clock);

    /// <summary>One sweep: returns how many files were deleted.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        if (store.Files is not { } files)
        {
            return 0;
        }

        var before = clock.GetUtcNow().UtcDateTime - options.Value.UnusedGracePeriod;
        var total = 0;
        while (true)
        {
            var ids = await files.DeleteUnusedAsync(before, BatchSize, cancellationToken);
            foreach (var id in ids)
            {
                await blobs.DeleteAsync(id, cancellationToken);
            }

            total += ids.Count;
            if (ids.Count < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            log.Swept(total);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.SweepFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override void Dispose()
    {
        timer.Dispose();
        base.Dispose();
    }
}
