using System.Data;
using System.Data.Common;
using Dapper;

namespace Broker.Storage.Relational;

/// <summary>
/// The parameters of a fenced write's statement (@FenceTopic, @Epoch; see <see cref="CommonQueries.Fence"/>) and what a
/// fenced statement that changed nothing means.
/// </summary>
internal static class RelationalFence
{
    /// <summary>The statement's own parameters (an object's properties) with the fence's.</summary>
    public static DynamicParameters With(object parameters, TopicFence? fence)
    {
        var all = new DynamicParameters(parameters);
        all.Add("FenceTopic", fence?.Topic, DbType.String);
        all.Add("Epoch", fence?.Epoch, DbType.Int64);
        return all;
    }

    /// <summary>
    /// After a fenced statement that may rightly change nothing (no such subscription or message) changed nothing:
    /// throws <see cref="StaleTopicEpochException"/> when that was the fence (its topic gone or at another epoch).
    /// </summary>
    public static async Task ThrowIfStaleAsync(DbConnection connection, DbTransaction transaction, TopicFence? fence, CancellationToken cancellationToken)
    {
        if (fence is not { } f)
        {
            return;
        }

        var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(CommonQueries.SelectEpoch, new { Name = f.Topic }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (current != f.Epoch)
        {
            throw StaleTopicEpochException.Of(f.Topic);
        }
    }
}
