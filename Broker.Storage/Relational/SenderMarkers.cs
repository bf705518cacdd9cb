namespace Broker.Storage.Relational;

/// <summary>The senders of stored messages (seqs first, first + 1, …) with the seq of each one's last message; the system (0) is left out.</summary>
internal static class SenderMarkers
{
    public static List<(long From, long LastSeq)> LastSeqs(IReadOnlyList<MessageDraft> stored, long first)
    {
        var result = new List<(long From, long LastSeq)>(1);
        for (var i = 0; i < stored.Count; i++)
        {
            var from = stored[i].From;
            if (from == 0)
            {
                continue;
            }

            var index = -1;
            for (var j = 0; j < result.Count; j++)
            {
                if (result[j].From == from)
                {
                    index = j;
                    break;
                }
            }

            if (index < 0)
            {
                result.Add((from, first + i));
            }
            else
            {
                result[index] = (from, first + i);
            }
        }

        return result;
    }
}
