using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

internal sealed partial class LiteDbUserStore(LiteDbDatabase database) : IUserStore
{
    public Task CreateAsync(UserRecord user, AuthRecord auth, IReadOnlyList<CredentialRecord> credentials, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                db.GetCollection(Users).Insert(LiteDbDocuments.FromUser(user));
                LiteDbTagRows.ReplaceUser(db, user.Id, [], user.Tags);
                db.GetCollection(Auth).Insert(LiteDbDocuments.FromAuth(auth));
                if (credentials.Count > 0)
                {
                    db.GetCollection(Credentials).InsertBulk(credentials.Select(LiteDbDocuments.FromCredential));
                }
            },
            cancellationToken);
    }

    public Task<UserRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        return Task.FromResult(database.Read(db => db.GetCollection(Users).FindById(id) is { } doc ? LiteDbDocuments.ToUser(doc) : null));
    }

    public Task<IReadOnlyList<UserRecord>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        return Task.FromResult<IReadOnlyList<UserRecord>>(database.Read(db =>
        {
            var users = db.GetCollection(Users);
            var result = new List<UserRecord>(ids.Count);
            foreach (var id in ids)
            {
                if (users.FindById(id) is { } doc)
                {
                    result.Add(LiteDbDocuments.ToUser(doc));
                }
            }

            return result;
        }));
    }

    public Task UpdateAsync(UserRecord user, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var users = db.GetCollection(Users);
                if (users.FindById(user.Id) is { } doc)
                {
                    LiteDbTagRows.ReplaceUser(db, user.Id, LiteDbDocuments.ToUser(doc).Tags, user.Tags);
                    LiteDbDocuments.SetMutable(doc, user);
                    users.Update(doc);
                }
            },
            cancellationToken);
    }

    public async Task<bool> SetRateLimitsAsync(long id, UserRateLimits? limits, CancellationToken cancellationToken)
    {
        var found = false;
        await database.WriteAsync(
            db =>
            {
                var users = db.GetCollection(Users);
                if (users.FindById(id) is { } doc)
                {
                    found = true;
                    users.Update(LiteDbDocuments.FromUser(LiteDbDocuments.ToUser(doc) with { RateLimits = limits }));
                }
            },
            cancellationToken);
        return found;
    }

    public Task UpdateLastSeenAsync(long id, DateTime when, string? userAgent, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var users = db.GetCollection(Users);
                if (users.FindById(id) is { } doc)
                {
                    var updated = LiteDbDocuments.ToUser(doc) with { LastSeen = when, UserAgent = userAgent };
                    users.Update(LiteDbDocuments.FromUser(updated));
                }
            },
            cancellationToken);
    }

    public Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var users = db.GetCollection(Users);
                if (users.FindById(id) is { } doc)
                {
                    LiteDbTagRows.ReplaceUser(db, id, LiteDbDocuments.ToUser(doc).Tags, []);
                    users.Delete(id);
                }

                db.GetCollection(Auth).DeleteMany(Query.EQ("user", id));
                db.GetCollection(Credentials).DeleteMany(Query.EQ("user", id));
                db.GetCollection(Codes).DeleteMany(Query.EQ("user", id));
            },
            cancellationToken);
    }

    public Task<AuthRecord?> GetAuthByUniqueAsync(string scheme, string unique, CancellationToken cancellationToken)
    {
        return Task.FromResult(database.Read(db => db.GetCollection(Auth).FindById(AuthKey(scheme, unique)) is { } doc ? LiteDbDocuments.ToAuth(doc) : null));
    }

    public Task<AuthRecord?> GetAuthByUserAsync(long userId, string scheme, CancellationToken cancellationToken)
    {
        return Task.FromResult(database.Read(db => FindAuth(db, userId, scheme) is { } doc ? LiteDbDocuments.ToAuth(doc) : null));
    }

    public Task UpdateAuthSecretAsync(long userId, string scheme, string secret, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                if (FindAuth(db, userId, scheme) is { } doc)
                {
                    doc["secret"] = secret;
                    db.GetCollection(Auth).Update(doc);
                }
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<CredentialRecord>> GetCredentialsAsync(long userId, CancellationToken cancellationToken)
    {
        return Task.FromResult<IReadOnlyList<CredentialRecord>>(database.Read(
            db => db.GetCollection(Credentials).Find(Query.EQ("user", userId)).Select(LiteDbDocuments.ToCredential).ToList()));
    }

    private static BsonDocument? FindAuth(LiteDatabase db, long userId, string scheme)
        => db.GetCollection(Auth).Find(Query.EQ("user", userId)).FirstOrDefault(doc => doc["scheme"].AsString == scheme);
}
