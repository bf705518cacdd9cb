using Microsoft.IdentityModel.Tokens;

namespace Broker.Auth;

/// <summary>Keys from a JWKS file (<c>Auth:Jwt:JwksFile</c>), re-read on an unknown <c>kid</c> at most once per interval.</summary>
internal sealed class JwksFileKeySource(string path, TimeSpan minimumRefreshInterval, TimeProvider clock) : IJwtKeySource
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyList<SecurityKey>? keys;
    private DateTimeOffset loaded;

    public async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(bool refresh, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (keys is { } cached && (!refresh || now - loaded < minimumRefreshInterval))
        {
            return cached;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (keys is null || (refresh && now - loaded >= minimumRefreshInterval))
            {
                var json = await File.ReadAllTextAsync(path, cancellationToken);
                keys = [.. new JsonWebKeySet(json).GetSigningKeys()];
                loaded = now;
            }

            return keys;
        }
        finally
        {
            gate.Release();
        }
    }
}
