using Dapper;

namespace Broker.Storage.Relational;

/// <summary>File records and links on SQLite and PostgreSQL alike (the SQL is the same).</summary>
internal sealed class RelationalFileStore(IRelationalDatabase database) : IFileStore
{
    public Task CreateAsync(FileRecord file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                FileQueries.Insert,
                new { file.Id, file.UserId, Mime = file.MimeType, Created = UnixTime.ToMs(file.Created) },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task CompleteAsync(string id, long size, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(FileQueries.Complete, new { Id = id, Size = size }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task<FileRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<FileRow>(new CommandDefinition(FileQueries.Select, new { Id = id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToRecord();
            },
            cancellationToken);
    }

    public Task LinkMessagesAsync(string topic, IReadOnlyList<MessageFileLink> links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (links.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var link in links)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        FileQueries.Link, new { Topic = topic, link.Seq, UserId = 0L, link.FileId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    public Task ReplaceAvatarLinksAsync(FileOwner owner, IReadOnlyList<string> fileIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileIds);
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    FileQueries.UnlinkAvatar, new { owner.Topic, owner.UserId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                foreach (var id in fileIds)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        FileQueries.Link, new { owner.Topic, Seq = 0L, owner.UserId, FileId = id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> DeleteUnusedAsync(DateTime createdBefore, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> deleted = [];
        await database.WriteAsync(
            async (connection, transaction) =>
            {
                deleted = [.. await connection.QueryAsync<string>(new CommandDefinition(
                    FileQueries.DeleteUnused, new { Before = UnixTime.ToMs(createdBefore), Limit = limit }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)];
                foreach (var id in deleted)
                {
                    await connection.ExecuteAsync(new CommandDefinition(FileQueries.DeleteLinks, new { Id = id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
