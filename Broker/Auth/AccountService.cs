using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Broker.Json;
using Broker.Options;
using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;
using Microsoft.Extensions.Options;

namespace Broker.Auth;

/// <summary>Account creation, password change and login (<c>basic</c> and <c>token</c> schemes).</summary>
internal sealed partial class AccountService(
    StorageBackend store,
    TokenService tokens,
    IOptions<AuthOptions> authOptions,
    IOptions<BrokerOptions> brokerOptions,
    TimeProvider clock)
{
    public const string BasicScheme = "basic";
    public const string TokenScheme = "token";
    private readonly AuthOptions auth = authOptions.Value;
    private readonly PasswordHasher hasher = new(authOptions.Value.PasswordIterations);

    [GeneratedRegex(@"^[\p{L}\p{N}][_.\p{L}\p{N}]*[\p{L}\p{N}]+$")]
    private static partial Regex LoginPattern();

    public async Task<AuthOutcome> CreateAsync(MsgAcc acc, bool sessionAuthenticated, CancellationToken cancellationToken)
    {
        if (acc.Login && sessionAuthenticated)
        {
            return AuthOutcome.Fail(CtrlCode.AlreadyAuthenticated);
        }

        if (acc.Scheme != BasicScheme)
        {
            return AuthOutcome.Fail(acc.Scheme == "anonymous" ? CtrlCode.NotImplemented : CtrlCode.Malformed);
        }

        if (!BasicSecret.TryParse(acc.Secret, out var login, out var password))
        {
            return AuthOutcome.Fail(CtrlCode.Malformed);
        }

        if (!IsAcceptableLogin(login) || password.Length < auth.MinPasswordLength)
        {
            return AuthOutcome.Fail(CtrlCode.PolicyViolation, "auth");
        }

        if (!TagRules.TryNormalize(acc.Tags, brokerOptions.Value.MaxTagCount, out var tags))
        {
            return AuthOutcome.Fail(CtrlCode.Malformed, "tags");
        }

        var credentials = new List<CredentialRecord>();
        foreach (var cred in acc.Cred ?? [])
        {
            if (cred.Meth is not ("email" or "tel") || string.IsNullOrWhiteSpace(cred.Val))
            {
                return AuthOutcome.Fail(CtrlCode.Malformed, "cred");
            }

            var value = cred.Val.Trim().ToLowerInvariant();
            credentials.Add(new CredentialRecord(0, cred.Meth, value, Done: true));
            var tag = cred.Meth + ":" + value;
            if (!tags.Contains(tag) && tags.Count < brokerOptions.Value.MaxTagCount)
            {
                tags.Add(tag);
            }
        }

        var (defaultAuth, defaultAnon) = (AccessModes.Auth, AccessMode.None);
        if (acc.Desc?.DefAcs is { } defacs && !TryParseUserDefaults(defacs, ref defaultAuth, ref defaultAnon))
        {
            return AuthOutcome.Fail(CtrlCode.Malformed, "defacs");
        }

        if (await store.Users.GetAuthByUniqueAsync(BasicScheme, login, cancellationToken) is not null)
        {
            return AuthOutcome.Fail(CtrlCode.DuplicateCredential, "auth");
        }

        var now = Now();
        var secretHash = hasher.Hash(password);
        UserRecord user;
        while (true)
        {
            user = new UserRecord
            {
                Id = NewUserId(),
                Created = now,
                Updated = now,
                DefaultAuth = defaultAuth,
                DefaultAnon = defaultAnon,
                Public = acc.Desc?.Public is { } pub ? JsonValues.Merge(null, pub) : null,
                Tags = tags,
            };
            try
            {
                await store.Users.CreateAsync(
                    user,
                    new AuthRecord(user.Id, BasicScheme, login, secretHash, (int)AuthLevel.Auth),
                    [.. credentials.Select(c => c with { UserId = user.Id })],
                    cancellationToken);
                break;
            }
            catch (DuplicateKeyException)
            {
                if (await store.Users.GetAuthByUniqueAsync(BasicScheme, login, cancellationToken) is not null)
                {
                    return AuthOutcome.Fail(CtrlCode.DuplicateCredential, "auth");
                }
            }
        }

        var id = new UserId(user.Id);
        var desc = new MsgTopicDesc
        {
            Created = user.Created,
            Updated = user.Updated,
            DefAcs = new MsgDefaultAcs { Auth = AccessModes.Format(defaultAuth), Anon = AccessModes.Format(defaultAnon) },
            Public = RawJson.From(user.Public),
            Private = acc.Desc?.Private is { } priv && !JsonValues.IsClear(priv) ? RawJson.From(JsonValues.ToText(priv)) : null,
        };
        if (!acc.Login)
        {
            return new AuthOutcome(CtrlCode.Created, new CtrlParams { User = id.ToString(), AuthLevel = "auth", Desc = desc })
            {
                User = id,
                Level = AuthLevel.Auth,
            };
        }

        var (token, expires) = tokens.Issue(user.Id, AuthLevel.Auth);
        return new AuthOutcome(CtrlCode.Ok, new CtrlParams
        {
            User = id.ToString(),
            AuthLevel = "auth",
            Token = token,
            Expires = expires,
            Desc = desc,
        })
        {
            User = id,
            Level = AuthLevel.Auth,
            Authenticated = true,
        };
    }

    /// <summary><c>{acc}</c> on an existing account: only the <c>basic</c> password can change here.</summary>
    public async Task<AuthOutcome> UpdateAsync(UserId self, MsgAcc acc, CancellationToken cancellationToken)
    {
        if (acc.User is { } target && target != self.ToString())
        {
            return AuthOutcome.Fail(CtrlCode.PermissionDenied);
        }

        if (acc.Scheme != BasicScheme || !BasicSecret.TryParse(acc.Secret, out _, out var password))
        {
            return AuthOutcome.Fail(CtrlCode.Malformed);
        }

        if (password.Length < auth.MinPasswordLength)
        {
            return AuthOutcome.Fail(CtrlCode.PolicyViolation, "auth");
        }

        if (await store.Users.GetAuthByUserAsync(self.Value, BasicScheme, cancellationToken) is null)
        {
            return AuthOutcome.Fail(CtrlCode.NotFound);
        }

        await store.Users.UpdateAuthSecretAsync(self.Value, BasicScheme, hasher.Hash(password), cancellationToken);
        return new AuthOutcome(CtrlCode.Ok);
    }

    public async Task<AuthOutcome> LoginAsync(MsgLogin login, CancellationToken cancellationToken)
    {
        long userId;
        switch (login.Scheme)
        {
            case BasicScheme:
                if (!BasicSecret.TryParse(login.Secret, out var name, out var password))
                {
                    return AuthOutcome.Fail(CtrlCode.Malformed);
                }

                var record = await store.Users.GetAuthByUniqueAsync(BasicScheme, name, cancellationToken);
                if (record is null || !PasswordHasher.Verify(password, record.Secret))
                {
                    return AuthOutcome.Fail(CtrlCode.AuthFailed);
                }

                userId = record.UserId;
                break;
            case TokenScheme:
                if (!tokens.TryValidate(login.Secret, out userId, out _, out _))
                {
                    return AuthOutcome.Fail(CtrlCode.AuthFailed);
                }

                break;
            case "anonymous":
                return AuthOutcome.Fail(CtrlCode.NotImplemented);
            default:
                return AuthOutcome.Fail(CtrlCode.UnknownAuthScheme);
        }

        var user = await store.Users.GetAsync(userId, cancellationToken);
        if (user is null)
        {
            return AuthOutcome.Fail(CtrlCode.AuthFailed);
        }

        if (user.State != UserState.Ok)
        {
            return AuthOutcome.Fail(CtrlCode.PermissionDenied);
        }

        var (token, expires) = tokens.Issue(userId, AuthLevel.Auth);
        var id = new UserId(userId);
        return new AuthOutcome(CtrlCode.Ok, new CtrlParams { User = id.ToString(), AuthLevel = "auth", Token = token, Expires = expires })
        {
            User = id,
            Level = AuthLevel.Auth,
            Authenticated = true,
            RateLimits = user.RateLimits,
        };
    }

    private bool IsAcceptableLogin(string login) =>
        login.Length >= auth.MinLoginLength && login.Length <= 32 && LoginPattern().IsMatch(login);

    /// <summary>User defaults: auth is masked to the p2p bits with A forced unless N; anon likewise.</summary>
    internal static bool TryParseUserDefaults(MsgDefaultAcs defacs, ref AccessMode authMode, ref AccessMode anonMode)
    {
        if (!string.IsNullOrEmpty(defacs.Auth))
        {
            if (!AccessModes.TryParse(defacs.Auth, out var parsed))
            {
                return false;
            }

            authMode = parsed == AccessMode.None ? AccessMode.None : (parsed & AccessModes.P2PMask) | AccessMode.Approve;
        }

        if (!string.IsNullOrEmpty(defacs.Anon))
        {
            if (!AccessModes.TryParse(defacs.Anon, out var parsed))
            {
                return false;
            }

            anonMode = parsed == AccessMode.None ? AccessMode.None : (parsed & AccessModes.P2PMask) | AccessMode.Approve;
        }

        return true;
    }

    private DateTime Now() => TimestampConverter.Truncate(clock.GetUtcNow().UtcDateTime);

    private static long NewUserId()
    {
        Span<byte> bytes = stackalloc byte[8];
        long id;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            id = BitConverter.ToInt64(bytes);
        }
        while (id == 0);
        return id;
    }
}
