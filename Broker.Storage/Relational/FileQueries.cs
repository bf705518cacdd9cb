namespace Broker.Storage.Relational;

/// <summary>SQL of <see cref="RelationalFileStore"/>: the same text runs on SQLite and PostgreSQL (migration 0008).</summary>
internal static class FileQueries
{
    public const string Insert = """
        INSERT INTO files (id, user_id, mime, size, created, ready) VALUES (@Id, @UserId, @Mime, 0, @Created, 0)
        """;

    public const string Complete = "UPDATE files SET size = @Size, ready = 1 WHERE id = @Id";

    public const string Select = """
        SELECT id AS Id, user_id AS UserId, mime AS Mime, size AS Size, created AS Created, ready AS Ready FROM files WHERE id = @Id
        """;

    /// <summary>Links an existing file; a link to a file that does not exist inserts nothing.</summary>
    public const string Link = """
        INSERT INTO file_links (file_id, topic, seq, user_id)
        SELECT id, @Topic, @Seq, @UserId FROM files WHERE id = @FileId
        ON CONFLICT DO NOTHING
        """;

    public const string UnlinkAvatar = "DELETE FROM file_links WHERE topic = @Topic AND seq = 0 AND user_id = @UserId";

    /// <summary>
    /// Old files without a live link: a message link lives while the message has content (a hard delete clears it,
    /// deleting the topic removes it), an avatar link while its topic or user exists.
    /// </summary>
    public const string DeleteUnused = """
        DELETE FROM files WHERE id IN (
            SELECT f.id FROM files f
            WHERE f.created < @Before AND NOT EXISTS (
                SELECT 1 FROM file_links l
                WHERE l.file_id = f.id AND (
                    (l.seq > 0 AND EXISTS (SELECT 1 FROM messages m WHERE m.topic = l.topic AND m.seq = l.seq AND m.content IS NOT NULL))
                    OR (l.seq = 0 AND l.user_id = 0 AND EXISTS (SELECT 1 FROM topics t WHERE t.name = l.topic))
                    OR (l.seq = 0 AND l.user_id <> 0 AND EXISTS (SELECT 1 FROM users u WHERE u.id = l.user_id))))
            ORDER BY f.created
            LIMIT @Limit)
        RETURNING id
        """;

    public const string DeleteLinks = "DELETE FROM file_links WHERE file_id = @Id";
}
