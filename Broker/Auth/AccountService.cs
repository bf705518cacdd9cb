using System.Security.Cryptography;
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

/// <summary>Account creation, password and login changes, and login (<c>basic</c>, <c>token</c> and <c>jwt</c> schemes).</summary>
internal sealed partial class AccountService(
    StorageBackend store,
    TokenService tokens,
    CredentialService credentialService,
    PasswordReset passwordReset,
    JwtLogin jwtLogin,
    Admin.AdminDispatcher dispatcher,
    IOptions<AuthOptions> authOptions,
    IOptions<BrokerOptions> brokerOptions,
    TimeProvider clock,
    TagPolicy tagPolicy)
{
    public const string BasicScheme = "basic";
    public const string TokenScheme = "token";
    private readonly AuthOptions auth = authOptions.Value;
    private readonly PasswordHasher hasher = new(authOptions.Value.PasswordIterations);

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

        if (!tagPolicy.MayAssign(tags))
        {
            return AuthOutcome.Fail(CtrlCode.PermissionDenied, "tags");
        }

        var credentials = new List<(string Method, string Value)>();
        foreach (var cred in acc.Cred ?? [])
        {
            if (!CredentialMethods.TryNormalize(cred.Meth, cred.Val, out var value))
            {
                return AuthOutcome.Fail(CtrlCode.Malformed, "cred");
            }

            if (await store.Users.FindUserByCredentialAsync(cred.Meth!, value, cancellationToken) is not null)
            {
                return AuthOutcome.Fail(CtrlCode.DuplicateCredential, "cred");
            }

            credentials.Add((cred.Meth!, value));
        }

        // As Tinode: a new account must name every required credential (confirmed later, with the code sent now).
        var missing = credentialService.Required.Where(m => !credentials.Exists(c => c.Method == m)).Distinct().ToArray();
        if (missing.Length > 0)
        {
            return new AuthOutcome(CtrlCode.PolicyViolation, new CtrlParams { MissingCredentials = missing });
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
                Private = acc.Desc?.Private is { } own ? JsonValues.Merge(null, own) : null,
                Tags = tagPolicy.WithLoginTag(tags, login),
            };
            try
            {
                await store.Users.CreateAsync(
                    user,
                    new AuthRecord(user.Id, BasicScheme, login, secretHash, (int)AuthLevel.Auth),
                    [],
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

        foreach (var (method, value) in credentials)
        {
            // Stored unconfirmed; the code goes out now. A value confirmed elsewhere meanwhile is left out.
            await credentialService.RequestAsync(user.Id, method, value, cancellationToken);
        }

        var id = new UserId(user.Id);
        var desc = new MsgTopicDesc
        {
            Created = user.Created,
            Updated = user.Updated,
            DefAcs = new MsgDefaultAcs { Auth = AccessModes.Format(defaultAuth), Anon = AccessModes.Format(defaultAnon) },
            Public = RawJson.From(user.Public),
            Private = RawJson.From(user.Private),
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
        if (await credentialService.MissingAsync(user.Id, cancellationToken) is { Length: > 0 } unconfirmed)
        {
            return ValidateCredentials(id, token, expires, unconfirmed) with { Params = new CtrlParams { User = id.ToString(), AuthLevel = "auth", Token = token, Expires = expires, Cred = unconfirmed, Desc = desc } };
        }

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

    /// <summary>
    /// <c>{acc}</c> on an existing account: the <c>basic</c> login and password (an empty login keeps the current one),
    /// or credentials (a value to add, or a code answering a pending one).
    /// </summary>
    public async Task<AuthOutcome> UpdateAsync(UserId self, MsgAcc acc, CancellationToken cancellationToken)
    {
        if (acc.User is { } target && target != self.ToString())
        {
            return AuthOutcome.Fail(CtrlCode.PermissionDenied);
        }

        if (acc.Scheme is null && acc.Cred is { Length: > 0 } creds)
        {
            return await UpdateCredentialsAsync(self, creds, cancellationToken);
        }

        if (acc.Scheme != BasicScheme || !BasicSecret.TryParse(acc.Secret, out var newLogin, out var password))
        {
            return AuthOutcome.Fail(CtrlCode.Malformed);
        }

        if (password.Length < auth.MinPasswordLength || (newLogin.Length > 0 && !IsAcceptableLogin(newLogin)))
        {
            return AuthOutcome.Fail(CtrlCode.PolicyViolation, "auth");
        }

        var record = await store.Users.GetAuthByUserAsync(self.Value, BasicScheme, cancellationToken);
        if (record is null)
        {
            return AuthOutcome.Fail(CtrlCode.NotFound);
        }

        if (newLogin.Length == 0 || newLogin == record.Unique)
        {
            await store.Users.UpdateAuthSecretAsync(self.Value, BasicScheme, hasher.Hash(password), cancellationToken);
            return new AuthOutcome(CtrlCode.Ok);
        }

        try
        {
            await store.Users.UpdateAuthAsync(self.Value, BasicScheme, newLogin, hasher.Hash(password), cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            return AuthOutcome.Fail(CtrlCode.DuplicateCredential, "auth");
        }

        if (tagPolicy.AddsLoginTags)
        {
            // As Tinode's basic authenticator: the login's tag follows the login.
            await ChangeCredentialTagAsync(self, BasicLogin.Tag(newLogin), BasicLogin.Tag(record.Unique), cancellationToken);
        }

        return new AuthOutcome(CtrlCode.Ok);
    }

    /// <summary>
    /// <c>{acc}</c> from a session that is not logged in, authenticated by <c>tmpscheme</c>/<c>tmpsecret</c>: a
    /// password reset code (<c>code</c>) or a token (<c>token</c>, e.g. the one a 300 reply carried).
    /// </summary>
    public async Task<AuthOutcome> UpdateWithTemporaryAuthAsync(MsgAcc acc, CancellationToken cancellationToken)
    {
        long userId;
        switch (acc.TmpScheme)
        {
            case PasswordReset.CodeScheme:
                // The new password is checked first, so a weak one does not use the code up.
                if (acc.Scheme != BasicScheme || !BasicSecret.TryParse(acc.Secret, out var newLogin, out var password))
                {
                    return AuthOutcome.Fail(CtrlCode.Malformed);
                }

                if (password.Length < auth.MinPasswordLength || (newLogin.Length > 0 && !IsAcceptableLogin(newLogin)))
                {
                    return AuthOutcome.Fail(CtrlCode.PolicyViolation, "auth");
                }

                if (await passwordReset.RedeemAsync(acc.TmpSecret, cancellationToken) is not { } resetUser)
                {
                    return AuthOutcome.Fail(CtrlCode.AuthFailed, "auth");
                }

                userId = resetUser;
                break;
            case TokenScheme:
                if (!tokens.TryValidate(acc.TmpSecret, out userId, out _, out _))
                {
                    return AuthOutcome.Fail(CtrlCode.AuthFailed, "auth");
                }

                break;
            default:
                return AuthOutcome.Fail(CtrlCode.UnknownAuthScheme);
        }

        if (await store.Users.GetAsync(userId, cancellationToken) is not { State: UserState.Ok })
        {
            return AuthOutcome.Fail(CtrlCode.PermissionDenied);
        }

        return await UpdateAsync(new UserId(userId), acc, cancellationToken);
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
            case ExternalTokenScheme when jwtLogin.IsEnabled:
                if (await FindOrCreateExternalAsync(login.Secret, cancellationToken) is not { } external)
                {
                    return AuthOutcome.Fail(CtrlCode.AuthFailed);
                }

                userId = external;
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
        if (credentialService.Required.Count > 0)
        {
            await AnswerCodesAsync(id, login.Cred, cancellationToken);
            if (await credentialService.MissingAsync(userId, cancellationToken) is { Length: > 0 } missing)
            {
                return ValidateCredentials(id, token, expires, missing);
            }
        }

        return new AuthOutcome(CtrlCode.Ok, new CtrlParams { User = id.ToString(), AuthLevel = "auth", Token = token, Expires = expires })
        {
            User = id,
            Level = AuthLevel.Auth,
            Authenticated = true,
            RateLimits = user.RateLimits,
        };
    }

    private bool IsAcceptableLogin(string login) => BasicLogin.IsAcceptable(login, auth.MinLoginLength);

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
