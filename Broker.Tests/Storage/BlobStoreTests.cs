using Broker.Storage;
using Broker.Storage.Blobs;
using Broker.Storage.InMemory;
using Broker.Storage.Postgres;
using Broker.Storage.Sqlite;

namespace Broker.Tests.Storage;

/// <summary><c>Files:Provider=local</c>: a folder per test.</summary>
public sealed class LocalBlobStoreTests : BlobStoreConformanceTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "broker-tests", "blobs-" + Guid.NewGuid().ToString("N"));

    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult<IBlobStore>(new LocalBlobStore(folder));

    protected override ValueTask CleanUpAsync()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_failed_write_leaves_no_partial_file_behind()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.WriteAsync("cancelled", new MemoryStream(new byte[100]), new CancellationToken(canceled: true)));

        Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
    }
}

/// <summary><c>Files:Provider=database</c> on the in-memory store.</summary>
public sealed class InMemoryBlobStoreTests : BlobStoreConformanceTests
{
    protected override ValueTask<IBlobStore> CreateStoreAsync() => ValueTask.FromResult(InMemoryBackend.Create().DatabaseBlobs!);
}

/// <summary><c>Files:Provider=database</c> on SQLite: chunks in the broker's database file.</summary>
public sealed class SqliteBlobStoreTests : BlobStoreConformanceTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "broker-tests", "sqlite-blobs-" + Guid.NewGuid().ToString("N"));
    private StorageBackend? backend;

    protected override async ValueTask<IBlobStore> CreateStoreAsync()
    {
        backend = SqliteBackend.Create(new SqliteStoreOptions { Path = Path.Combine(folder, "broker.db") });
        await backend.Admin.MigrateAsync(Ct);
        return backend.DatabaseBlobs!;
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (backend is not null)
        {
            await backend.DisposeAsync();
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary><c>Files:Provider=database</c> on PostgreSQL when <c>BROKER_TEST_POSTGRES</c> is set; skipped otherwise.</summary>
public sealed class PostgresBlobStoreTests : BlobStoreConformanceTests
{
    private readonly string schema = "broker_test_" + Guid.NewGuid().ToString("N");
    private StorageBackend? backend;

    protected override async ValueTask<IBlobStore> CreateStoreAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("BROKER_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Skip("BROKER_TEST_POSTGRES is not set: run `eval \"$(bash .ci/postgres.sh | tail -1)\"` to test PostgreSQL");
        }

        backend = PostgresBackend.Create(new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema });
        await backend.Admin.MigrateAsync(Ct);
        return backend.DatabaseBlobs!;
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (backend is not null)
        {
            await ((PostgresStoreAdmin)backend.Admin).DropSchemaAsync(CancellationToken.None);
            await backend.DisposeAsync();
        }
    }
}
