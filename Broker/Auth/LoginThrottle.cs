using Broker.Options;
using Broker.Protocol.Client;
using Microsoft.Extensions.Options;

namespace Broker.Auth;

/// <summary>
/// Counts failed credentials per login name and address together, and per remote address (in memory, bounded,
/// expiring): past a few failures replies are slowed down, past the maximum that name from that address, or the whole
/// address, is refused for a while. The name is never locked on its own, so an attacker elsewhere cannot lock its owner
/// out. Login attempts are rare next to messages, so one lock is enough.
/// </summary>
internal sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider clock)
{
    private readonly LoginThrottleOptions settings = options.Value;
    private readonly Dictionary<string, Entry> byLoginAndAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> byAddress = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The login name a <c>{login}</c> tries, for the <c>basic</c> scheme; null otherwise.</summary>
    public static string? LoginNameOf(MsgLogin login) =>
        login.Scheme == AccountService.BasicScheme && BasicSecret.TryParse(login.Secret, out var name, out _) ? name : null;

    /// <summary>Zero when an attempt may proceed; otherwise how long the name (from this address) or the address stays locked out.</summary>
    public TimeSpan RetryAfter(string? login, string address)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var wait = LockedFor(byAddress, address, now);
            if (login is not null)
            {
                var forLogin = LockedFor(byLoginAndAddress, Key(login, address), now);
                wait = forLogin > wait ? forLogin : wait;
            }

            return wait;
        }
    }

    /// <summary>Records a failure; returns how long to hold the failed reply back (zero while under the slow-down threshold).</summary>
    public TimeSpan Failed(string? login, string address)
    {
        var now = clock.GetUtcNow();
        int failures;
        lock (gate)
        {
            failures = Count(byAddress, address, settings.MaxFailuresPerAddress, now);
            if (login is not null)
            {
                failures = Math.Max(failures, Count(byLoginAndAddress, Key(login, address), settings.MaxFailuresPerLogin, now));
            }
        }

        return failures > settings.SlowdownAfter ? settings.FailureDelay : TimeSpan.Zero;
    }

    /// <summary>A successful login clears the failures counted for its name from that address (not the address's own).</summary>
    public void Succeeded(string? login, string address)
    {
        if (login is null)
        {
            return;
        }

        lock (gate)
        {
            byLoginAndAddress.Remove(Key(login, address));
        }
    }

    private static string Key(string login, string address) => login + "\n" + address;

    private TimeSpan LockedFor(Dictionary<string, Entry> entries, string key, DateTimeOffset now)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return TimeSpan.Zero;
        }

        if (entry.LockedUntil > now)
        {
            return entry.LockedUntil - now;
        }

        if (entry.LockedUntil != default || now - entry.WindowStart >= settings.Window)
        {
            entries.Remove(key);
        }

        return TimeSpan.Zero;
    }

    private int Count(Dictionary<string, Entry> entries, string key, int max, DateTimeOffset now)
    {
        if (!entries.TryGetValue(key, out var entry) || now - entry.WindowStart >= settings.Window
            || (entry.LockedUntil != default && entry.LockedUntil <= now))
        {
            if (entries.Count >= settings.MaxEntries && !entries.ContainsKey(key))
            {
                Prune(entries, now);
                if (entries.Count >= settings.MaxEntries)
                {
                    // Still full of live entries: forget the oldest window rather than grow without bound.
                    var oldest = entries.MinBy(e => e.Value.WindowStart).Key;
                    entries.Remove(oldest);
                }
            }

            entry = new Entry { WindowStart = now };
            entries[key] = entry;
        }

        entry.Failures++;
        if (entry.Failures >= max && entry.LockedUntil <= now)
        {
            entry.LockedUntil = now + settings.Lockout;
        }

        return entry.Failures;
    }

    private void Prune(Dictionary<string, Entry> entries, DateTimeOffset now)
    {
        foreach (var (key, entry) in entries)
        {
            if (entry.LockedUntil <= now && now - entry.WindowStart >= settings.Window)
            {
                entries.Remove(key);
            }
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset WindowStart { get; init; }

        public int Failures { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
