using System.Collections.Concurrent;
using System.Security.Cryptography;
using Broker.Options;
using Microsoft.Extensions.Options;

namespace Broker.Transport.LongPoll;

/// <summary>
/// The live long polling sessions by <c>sid</c>, and the sweep that closes those the client abandoned (no request
/// for <see cref="LongPollOptions.SessionTimeout"/>), as Tinode's session store expires its long polling sessions.
/// </summary>
internal sealed class LongPollRegistry(IOptions<LongPollOptions> options, TimeProvider clock, TransportLog log) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, LongPollConnection> connections = new(StringComparer.Ordinal);
    private readonly long timeoutTicks = (long)(options.Value.SessionTimeout.TotalSeconds * clock.TimestampFrequency);
    private ITimer? sweep;

    public int Count => connections.Count;

    /// <summary>Registers a new session under a fresh unguessable <c>sid</c> (it is the only thing that names the session to its client).</summary>
    public LongPollConnection Add(LongPollSocket socket, string sessionId)
    {
        while (true)
        {
            var sid = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
            var connection = new LongPollConnection(sid, sessionId, socket, clock.GetTimestamp());
            if (connections.TryAdd(sid, connection))
            {
                return connection;
            }
        }
    }

    public LongPollConnection? Find(string sid) => connections.GetValueOrDefault(sid);

    public void Remove(LongPollConnection connection) =>
        connections.TryRemove(new KeyValuePair<string, LongPollConnection>(connection.Sid, connection));

    /// <summary>Closes and forgets the sessions whose client stopped polling.</summary>
    internal void Sweep()
    {
        var now = clock.GetTimestamp();
        foreach (var connection in connections.Values)
        {
            if (connection.IsAbandoned(now, timeoutTicks))
            {
                Remove(connection);
                log.LongPollExpired(connection.SessionId);
                connection.Socket.Abort();
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.SessionTimeout / 4;
        sweep = clock.CreateTimer(static state => ((LongPollRegistry)state!).Sweep(), this, period, period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        sweep?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => sweep?.Dispose();
}
