using Broker.Storage.Relational;
using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

/// <summary>Credential validation, login renames and one-time codes.</summary>
internal sealed partial class LiteDbUserStore
{
    private const string Codes = "one_time_codes";

    public Task<bool> AddCredentialAsync(CredentialRecord credential, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var credentials = db.GetCollection(Credentials);
                if (ConfirmedOwner(db, credential.Method, credential.Value) is { } owner)
                {
                    return owner == credential.UserId ? false : throw new DuplicateKeyException("credential confirmed by another user");
                }

                var mine = credentials.Find(Query.EQ("user", credential.UserId)).Select(d => (Doc: d, Record: LiteDbDocuments.ToCredential(d))).ToList();
                foreach (var (doc, record) in mine)
                {
                    if (record.Method == credential.Method && !record.Done && record.Value != credential.Value)
                    {
                        credentials.Delete(doc["_id"]);
                    }
                }

                if (!mine.Exists(c => c.Record.Method == credential.Method && c.Record.Value == credential.Value))
                {
                    credentials.Insert(LiteDbDocuments.FromCredential(credential with { Done = false }));
                }

                return true;
            },
            cancellationToken);
    }

    public Task<bool> ConfirmCredentialAsync(long userId, string method, string value, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var credentials = db.GetCollection(Credentials);
                var doc = Find(db, userId, method, value);
                if (doc is null)
                {
                    return false;
                }

                if (ConfirmedOwner(db, method, value) is { } owner && owner != userId)
                {
                    throw new DuplicateKeyException("credential confirmed by another user");
                }

                doc["done"] = true;
                credentials.Update(doc);
                return true;
            },
            cancellationToken);
    }

    public Task<bool> DeleteCredentialAsync(long userId, string method, string value, CancellationToken cancellationToken)
    {
        return database.WriteAsync(db => Find(db, userId, method, value) is { } doc && db.GetCollection(Credentials).Delete(doc["_id"]), cancellationToken);
    }

    public Task<long?> FindUserByCredentialAsync(string method, string value, CancellationToken cancellationToken)
    {
        return Task.FromResult(database.Read(db => ConfirmedOwner(db, method, value)));
    }

    public Task UpdateAuthAsync(long userId, string scheme, string unique, string secret, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var auth = db.GetCollection(Auth);
                var doc = auth.Find(Query.EQ("user", userId)).FirstOrDefault(d => d["scheme"].AsString == scheme);
                if (doc is null)
                {
                    return;
                }

                var record = LiteDbDocuments.ToAuth(doc);
                if (record.Unique != unique && auth.FindById(AuthKey(scheme, unique)) is not null)
                {
                    throw new DuplicateKeyException("login exists");
                }

                auth.Delete(doc["_id"]);
                auth.Insert(LiteDbDocuments.FromAuth(record with { Unique = unique, Secret = secret }));
            },
            cancellationToken);
    }

    public Task PutCodeAsync(OneTimeCode code, DateTime now, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var codes = db.GetCollection(Codes);
                codes.DeleteMany(Query.LT("expires", UnixTime.ToMs(now)));
                codes.Upsert(new BsonDocument
                {
                    ["_id"] = CodeKey(code.Purpose, code.Subject),
                    ["purpose"] = code.Purpose,
                    ["subject"] = code.Subject,
                    ["user"] = code.UserId,
                    ["value"] = code.Value,
                    ["hash"] = code.CodeHash,
                    ["expires"] = UnixTime.ToMs(code.Expires),
                    ["attempts"] = 0,
                });
            },
            cancellationToken);
    }

    public Task<OneTimeCode?> GetCodeAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        return Task.FromResult(database.Read(db => db.GetCollection(Codes).FindById(CodeKey(purpose, subject)) is { } doc ? ToCode(doc) : null));
    }

    public Task<int> CountCodeFailureAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var codes = db.GetCollection(Codes);
                if (codes.FindById(CodeKey(purpose, subject)) is not { } doc)
                {
                    return 0;
                }

                doc["attempts"] = doc["attempts"].AsInt32 + 1;
                codes.Update(doc);
                return doc["attempts"].AsInt32;
            },
            cancellationToken);
    }

    public Task<bool> DeleteCodeAsync(string purpose, string subject, CancellationToken cancellationToken)
    {
        return database.WriteAsync(db => db.GetCollection(Codes).Delete(CodeKey(purpose, subject)), cancellationToken);
    }

    private static string CodeKey(string purpose, string subject) => purpose + "\n" + subject;

    private static OneTimeCode ToCode(BsonDocument doc) => new(
        doc["purpose"].AsString, doc["subject"].AsString, doc["user"].AsInt64, doc["value"].AsString, doc["hash"].AsString,
        UnixTime.FromMs(doc["expires"].AsInt64), doc["attempts"].AsInt32);

    private static BsonDocument? Find(LiteDatabase db, long userId, string method, string value) =>
        db.GetCollection(Credentials).Find(Query.EQ("user", userId))
            .FirstOrDefault(d => d["method"].AsString == method && d["value"].AsString == value);

    private static long? ConfirmedOwner(LiteDatabase db, string method, string value) =>
        db.GetCollection(Credentials).Find(Query.EQ("value", value))
            .Where(d => d["method"].AsString == method && d["done"].AsBoolean)
            .Select(d => (long?)d["user"].AsInt64)
            .FirstOrDefault();
}
