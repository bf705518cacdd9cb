namespace Broker.Storage.Relational;

/// <summary>SQL of <see cref="RelationalReportStore"/>: the same text runs on SQLite and PostgreSQL (migration 0016).</summary>
internal static class ReportQueries
{
    public const string Insert = """
        INSERT INTO reports (reporter, created, action, target, head, content)
        VALUES (@Reporter, @Created, @Action, @Target, @Head, @Content)
        RETURNING id
        """;

    public const string ListBefore = """
        SELECT id AS Id, reporter AS Reporter, created AS Created, action AS Action, target AS Target, head AS Head, content AS Content
        FROM reports WHERE id < @Before ORDER BY id DESC LIMIT @Limit
        """;
}
