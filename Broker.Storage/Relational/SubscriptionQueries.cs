namespace Broker.Storage.Relational;

/// <summary>
/// One dialect's SQL for <see cref="RelationalSubscriptionStore"/>. The writes carry the fence of a topic write
/// (@FenceTopic, @Epoch; see <see cref="CommonQueries.Fence"/>).
/// </summary>
internal sealed record SubscriptionQueries(
    string Select,
    string SelectForTopic,
    string SelectForUser,
    string Upsert,
    string UpdateMarkers,
    string SoftDelete);
