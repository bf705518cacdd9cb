using Broker.Protocol.Client;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>Validates <c>{get data}</c> and <c>{get del}</c> options into a store query.</summary>
internal static class HistoryQuery
{
    public static bool TryBuild(MsgGetOpts? options, int maxPage, out MessageQuery query)
    {
        query = new MessageQuery(0, 0, maxPage);
        if (options is null)
        {
            return true;
        }

        if (options.Ims is not null || !string.IsNullOrEmpty(options.User) || !string.IsNullOrEmpty(options.Topic)
            || options.Since < 0 || options.Before < 0 || options.Limit < 0)
        {
            return false;
        }

        List<SeqRange>? ranges = null;
        if (options.Ranges is { Length: > 0 })
        {
            if (options.Ranges.Length > maxPage)
            {
                return false;
            }

            ranges = new List<SeqRange>(options.Ranges.Length);
            foreach (var range in options.Ranges)
            {
                if (range.Low <= 0 || range.Hi < 0 || (range.Hi != 0 && range.Hi <= range.Low))
                {
                    return false;
                }

                ranges.Add(range.Hi == 0 ? SeqRange.Single(range.Low) : new SeqRange(range.Low, range.Hi));
            }
        }

        var limit = options.Limit is null or 0 ? maxPage : Math.Min(options.Limit.Value, maxPage);
        query = new MessageQuery(options.Since ?? 0, options.Before ?? 0, limit, ranges);
        return true;
    }
}
