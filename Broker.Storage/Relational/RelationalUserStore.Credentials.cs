using Dapper;

namespace Broker.Storage.Relational;

/// <summary>Credential validation, login renames and one-time codes.</summary>
internal sealed partial class RelationalUserStore
{
    public async Task<bool> AddCredentialAsync(CredentialRecord credential, CancellationToken cancellationToken)
    {
        var added = false;
        await database.WriteAsync(
            async (connection, transaction) =>
            {
                var owner = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(credentialQueries.SelectConfirmedOwner, new { credential.Method, credential.Value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (owner is { } id)
                {
                    added = false;
                    if (id != credential.UserId)
                    {
                        throw new DuplicateKeyException("credential confirmed by another user");
                    }

                    return;
                }

                await connection.ExecuteAsync(new CommandDefinition(credentialQueries.ReplacePendingCredential, new { credential.UserId, credential.Method, credential.Value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                added = true;
            },
            cancellationToken).ConfigureAwait(false);
        return added;
    }

    public async Task<bool> ConfirmCredentialAsync(long userId, string method, string value, CancellationToken cancellationToken)
    {
        var changed = 0;
        await database.WriteAsync(
            async (connection, transaction) => changed = await connection.ExecuteAsync(new CommandDefinition(credentialQueries.ConfirmCredential, new { UserId = userId, Method = method, Value = value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }

    public async Task<bool> DeleteCredentialAsync(long userId, string method, string value, CancellationToken cancellationToken)
    {
        var changed = 0;
        await database.WriteAsync(
            async (connection, transaction) => changed = await connection.ExecuteAsync(new CommandDefinition(credentialQueries.DeleteCredential, new { UserId = userId, Method = method, Value = value }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }

    public Task<long?> FindUserByCredentialAsync(string method, string value, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            connection => connection.ExecuteScalarAsync<long?>(new CommandDefinition(credentialQueries.SelectConfirmedOwner, new { Method = method, Value = value }, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task UpdateAuthAsync(long userId, string scheme, string unique, string secret, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(credentialQueries.UpdateAuth, new { UserId = userId, Scheme = scheme, Uniq = unique, Secret = secret }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task PutCodeAsync(OneTimeCode code, DateTime now, CancellationToken cancellationToken)
    {
        var row = OneTimeCodeRow.From(code with { Attempts = 0 });
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                credentialQueries.UpsertCode,
                new { row.Purpose, row.Subject, row.UserId, row.Value, row.CodeHash, row.Expires, Now = UnixTime.ToMs(now) },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task<OneTimeCode?> GetCodeAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<OneTimeCodeRow>(new CommandDefinition(credentialQueries.SelectCode, new { Purpose = purpose, Subject = subject }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToRecord();
            },
            cancellationToken);
    }

    public async Task<int> CountCodeFailureAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        int? attempts = null;
        await database.WriteAsync(
            async (connection, transaction) => attempts = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(credentialQueries.CountCodeFailure, new { Purpose = purpose, Subject = subject }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return attempts ?? 0;
    }

    public async Task<bool> DeleteCodeAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        var changed = 0;
        await database.WriteAsync(
            async (connection, transaction) => changed = await connection.ExecuteAsync(new CommandDefinition(credentialQueries.DeleteCode, new { Purpose = purpose, Subject = subject }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }
}
