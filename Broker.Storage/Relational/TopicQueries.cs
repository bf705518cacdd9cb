namespace Broker.Storage.Relational;

/// <summary>
/// One dialect's SQL for <see cref="RelationalTopicStore"/>. <c>Update</c> and <c>DeleteRow</c> carry the fence of a
/// topic write (@FenceTopic, @Epoch; see <see cref="CommonQueries.Fence"/>); <c>DeleteData</c> runs after
/// <c>DeleteRow</c>; <c>UpsertSubscription</c> writes a new topic's first subscriptions, unfenced.
/// </summary>
internal sealed record TopicQueries(
    string Insert,
    string Select,
    string Update,
    string DeleteRow,
    string DeleteData,
    string ListByPrefix,
    string ListOwnerlessByPrefix,
    string UpsertSubscription);
