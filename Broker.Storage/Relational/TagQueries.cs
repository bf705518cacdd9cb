namespace Broker.Storage.Relational;

/// <summary>One dialect's SQL for the tag index: <see cref="RelationalTagIndex"/> and the tag rows the user and topic stores keep.</summary>
internal sealed record TagQueries(
    string Find,
    string FindWithCommonTag,
    string FindCommonTags,
    string FindOwner,
    string ReplaceUserTags,
    string ReplaceTopicTags);
