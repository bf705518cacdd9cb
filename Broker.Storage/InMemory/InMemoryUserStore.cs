namespace Broker.Storage.InMemory;

internal sealed partial class InMemoryUserStore(InMemoryState state) : IUserStore
{
    public Task CreateAsync(UserRecord user, AuthRecord auth, IReadOnlyList<CredentialRecord> credentials, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Users.ContainsKey(user.Id))
            {
                throw new DuplicateKeyException("user id exists");
            }

            if (state.AuthByUnique.ContainsKey((auth.Scheme, auth.Unique)))
            {
                throw new DuplicateKeyException("login exists");
            }

            state.Users[user.Id] = user;
            state.Tags.SetUser(user.Id, [], user.Tags);
            state.AuthByUnique[(auth.Scheme, auth.Unique)] = auth;
            state.Credentials[user.Id] = [.. credentials];
        }

        return Task.CompletedTask;
    }

    public Task<UserRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(state.Users.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<UserRecord>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var result = new List<UserRecord>(ids.Count);
        lock (state.Gate)
        {
            foreach (var id in ids)
            {
                if (state.Users.TryGetValue(id, out var user))
                {
                    result.Add(user);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<UserRecord>>(result);
    }

    public Task UpdateAsync(UserRecord user, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Users.TryGetValue(user.Id, out var existing))
            {
                state.Tags.SetUser(user.Id, existing.Tags, user.Tags);
                state.Users[user.Id] = existing with
                {
                    State = user.State,
                    DefaultAuth = user.DefaultAuth,
                    DefaultAnon = user.DefaultAnon,
                    Public = user.Public,
                    Trusted = user.Trusted,
                    Tags = user.Tags,
                    Updated = user.Updated,
                    Private = user.Private,
                };
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> SetRateLimitsAsync(long id, UserRateLimits? limits, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (!state.Users.TryGetValue(id, out var existing))
            {
                return Task.FromResult(false);
            }

            state.Users[id] = existing with { RateLimits = limits };
            return Task.FromResult(true);
        }
    }

    public Task UpdateLastSeenAsync(long id, DateTime when, string? userAgent, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Users.TryGetValue(id, out var existing))
            {
                state.Users[id] = existing with { LastSeen = when, UserAgent = userAgent };
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Users.Remove(id, out var removed))
            {
                state.Tags.SetUser(id, removed.Tags, []);
            }

            state.Credentials.Remove(id);
            foreach (var key in state.Codes.Where(p => p.Value.UserId == id).Select(p => p.Key).ToList())
            {
                state.Codes.Remove(key);
            }

            foreach (var key in state.AuthByUnique.Where(p => p.Value.UserId == id).Select(p => p.Key).ToList())
            {
                state.AuthByUnique.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task<AuthRecord?> GetAuthByUniqueAsync(string scheme, string unique, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(state.AuthByUnique.GetValueOrDefault((scheme, unique)));
        }
    }

    public Task<AuthRecord?> GetAuthByUserAsync(long userId, string scheme, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(state.AuthByUnique.Values.FirstOrDefault(a => a.UserId == userId && a.Scheme == scheme));
        }
    }

    public Task UpdateAuthSecretAsync(long userId, string scheme, string secret, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            var record = state.AuthByUnique.Values.FirstOrDefault(a => a.UserId == userId && a.Scheme == scheme);
            if (record is not null)
            {
                state.AuthByUnique[(record.Scheme, record.Unique)] = record with { Secret = secret };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CredentialRecord>> GetCredentialsAsync(long userId, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            IReadOnlyList<CredentialRecord> result = state.Credentials.TryGetValue(userId, out var list) ? [.. list] : [];
            return Task.FromResult(result);
        }
    }
}
