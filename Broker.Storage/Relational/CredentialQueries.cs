namespace Broker.Storage.Relational;

/// <summary>One dialect's SQL for credential validation, login renames and one-time codes (<see cref="RelationalUserStore"/>).</summary>
internal sealed record CredentialQueries(
    string SelectConfirmedOwner,
    string ReplacePendingCredential,
    string ConfirmCredential,
    string DeleteCredential,
    string UpdateAuth,
    string UpsertCode,
    string SelectCode,
    string CountCodeFailure,
    string DeleteCode);
