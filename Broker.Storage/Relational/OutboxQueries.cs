namespace Broker.Storage.Relational;

/// <summary>One dialect's SQL for <see cref="RelationalOutboxStore"/>.</summary>
internal sealed record OutboxQueries(string SelectDue, string Complete, string Reschedule);
