namespace Broker.Storage.Relational;

/// <summary>One forward-only schema migration, numbered by its file name (<c>0001_initial.sql</c> is version 1).</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql);
