namespace Broker.Storage.Relational;

/// <summary>One dialect's SQL for <see cref="RelationalSubscriptionStore"/>.</summary>
internal sealed record SubscriptionQueries(
    string Select,
    string SelectForTopic,
    string SelectForUser,
    string Upsert,
    string UpdateMarkers,
    string SoftDelete);
