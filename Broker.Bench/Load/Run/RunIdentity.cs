using System.Globalization;
using Broker.Bench.Load.Options;

namespace Broker.Bench.Load.Run;

/// <summary>
/// Unique basic-scheme logins per run: <c>b&lt;run&gt;s&lt;shard&gt;u&lt;n&gt;</c> (letters and digits only, as Tinode's
/// login pattern wants), with a random run id so repeated runs against one broker never collide.
/// </summary>
internal sealed class RunIdentity
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private readonly int _shard;
    private int _counter;

    public RunIdentity(ShardSpec shard)
    {
        _shard = shard.Index;
        RunId = string.Create(6, Random.Shared, static (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[random.Next(Alphabet.Length)];
            }
        });
    }

    public string RunId { get; }

    public (string Login, string Password) NextCredentials()
    {
        var n = Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
        return ($"b{RunId}s{_shard}u{n}", $"pw{RunId}x{n}secret");
    }
}
