using Broker.Bench.Load.Protocol;

namespace Broker.Bench.Load.Run;

/// <summary>Closing many sessions, a bounded number at a time.</summary>
internal static class ClientPool
{
    public static async Task CloseAllAsync(IEnumerable<ProtocolClient> clients)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = 64 };
        await Parallel.ForEachAsync(clients.Distinct(), options, async (client, _) => await client.DisposeAsync());
    }
}
