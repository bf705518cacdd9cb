namespace Broker.Storage.Relational;

/// <summary>One dialect's SQL for <see cref="RelationalTopicStore"/>.</summary>
internal sealed record TopicQueries(
    string Insert,
    string Select,
    string Update,
    string Delete,
    string ListByPrefix,
    string ListOwnerlessByPrefix,
    string UpsertSubscription);
