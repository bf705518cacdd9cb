namespace Broker.Storage.InMemory;

/// <summary>Credential validation, login renames and one-time codes.</summary>
internal sealed partial class InMemoryUserStore
{
    public Task<bool> AddCredentialAsync(CredentialRecord credential, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (ConfirmedOwner(credential.Method, credential.Value) is { } owner)
            {
                if (owner == credential.UserId)
                {
                    return Task.FromResult(false);
                }

                throw new DuplicateKeyException("credential confirmed by another user");
            }

            if (!state.Credentials.TryGetValue(credential.UserId, out var list))
            {
                list = [];
                state.Credentials[credential.UserId] = list;
            }

            list.RemoveAll(c => c.Method == credential.Method && !c.Done);
            list.Add(credential with { Done = false });
            return Task.FromResult(true);
        }
    }

    public Task<bool> ConfirmCredentialAsync(long userId, string method, string value, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (!state.Credentials.TryGetValue(userId, out var list))
            {
                return Task.FromResult(false);
            }

            var index = list.FindIndex(c => c.Method == method && c.Value == value);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            if (ConfirmedOwner(method, value) is { } owner && owner != userId)
            {
                throw new DuplicateKeyException("credential confirmed by another user");
            }

            list[index] = list[index] with { Done = true };
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteCredentialAsync(long userId, string method, string value, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            var removed = state.Credentials.TryGetValue(userId, out var list) && list.RemoveAll(c => c.Method == method && c.Value == value) > 0;
            return Task.FromResult(removed);
        }
    }

    public Task<long?> FindUserByCredentialAsync(string method, string value, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(ConfirmedOwner(method, value));
        }
    }

    public Task UpdateAuthAsync(long userId, string scheme, string unique, string secret, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            var record = state.AuthByUnique.Values.FirstOrDefault(a => a.UserId == userId && a.Scheme == scheme);
            if (record is null)
            {
                return Task.CompletedTask;
            }

            if (record.Unique != unique && state.AuthByUnique.ContainsKey((scheme, unique)))
            {
                throw new DuplicateKeyException("login exists");
            }

            state.AuthByUnique.Remove((scheme, record.Unique));
            state.AuthByUnique[(scheme, unique)] = record with { Unique = unique, Secret = secret };
        }

        return Task.CompletedTask;
    }

    public Task PutCodeAsync(OneTimeCode code, DateTime now, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            foreach (var key in state.Codes.Where(p => p.Value.Expires < now).Select(p => p.Key).ToList())
            {
                state.Codes.Remove(key);
            }

            state.Codes[(code.Purpose, code.Subject)] = code with { Attempts = 0 };
        }

        return Task.CompletedTask;
    }

    public Task<OneTimeCode?> GetCodeAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(state.Codes.GetValueOrDefault((purpose, subject)));
        }
    }

    public Task<int> CountCodeFailureAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (!state.Codes.TryGetValue((purpose, subject), out var code))
            {
                return Task.FromResult(0);
            }

            code = code with { Attempts = code.Attempts + 1 };
            state.Codes[(purpose, subject)] = code;
            return Task.FromResult(code.Attempts);
        }
    }

    public Task<bool> DeleteCodeAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(state.Codes.Remove((purpose, subject)));
        }
    }

    private long? ConfirmedOwner(string method, string value)
    {
        foreach (var (userId, list) in state.Credentials)
        {
            if (list.Exists(c => c.Done && c.Method == method && c.Value == value))
            {
                return userId;
            }
        }

        return null;
    }
}
