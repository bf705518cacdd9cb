using System.Text;

namespace Broker.Topics;

/// <summary>
/// A parsed <c>fnd</c> query, as Tinode 0.25's <c>parseSearchQuery</c> reads it: terms are separated by spaces (AND)
/// or commas (OR); a term next to a comma on either side is optional (OR), every other one required (AND); double
/// quotes keep spaces and commas inside one term; terms are lowercased. <c>a b,c</c> is a AND (b OR c).
/// Hand-written because it must split exactly as Tinode's parser does, which no library reproduces.
/// </summary>
internal sealed record SearchQuery(IReadOnlyList<string> And, IReadOnlyList<string> Or)
{
    private enum Lexeme
    {
        None,
        And,
        Or,
        End,
        Ordinary,
    }

    /// <summary>Parses <paramref name="query"/>; false (with the reason) for a quote after a letter, two commas in a row or an open quote.</summary>
    public static bool TryParse(string query, out SearchQuery result, out string? error)
    {
        result = new SearchQuery([], []);
        error = null;
        query = query.Trim();
        var and = new List<string>();
        var or = new List<string>();

        // The operator before the current term, the one after it, and where the term starts and ends.
        var preOp = Lexeme.And;
        var postOp = Lexeme.None;
        var quoted = false;
        int start = 0, end = 0, position = 0;
        var prev = Lexeme.None;
        for (var i = 0; prev != Lexeme.End; position++)
        {
            var current = Lexeme.Ordinary;
            var width = 0;
            var quote = false;
            if (i >= query.Length)
            {
                current = Lexeme.End;
            }
            else
            {
                Rune.DecodeFromUtf16(query.AsSpan(i), out var rune, out width);
                if (rune.Value == '"')
                {
                    quote = true;
                }
                else if (!quoted && rune.Value is ' ' or '\t')
                {
                    current = Lexeme.And;
                }
                else if (!quoted && rune.Value == ',')
                {
                    current = Lexeme.Or;
                }
            }

            if (quote)
            {
                if (!quoted && prev == Lexeme.Ordinary)
                {
                    error = $"missing operator at or near {position}";
                    return false;
                }

                quoted = !quoted;
            }

            var emit = false;
            switch (current)
            {
                case Lexeme.Or:
                    if (postOp == Lexeme.Or)
                    {
                        error = $"invalid operator sequence at or near {position}";
                        return false;
                    }

                    postOp = Lexeme.Or;
                    if (prev == Lexeme.Ordinary)
                    {
                        end = i;
                    }

                    break;
                case Lexeme.And:
                    if (prev == Lexeme.Ordinary)
                    {
                        end = i;
                        postOp = Lexeme.And;
                    }
                    else if (postOp != Lexeme.Or)
                    {
                        postOp = Lexeme.And;
                    }

                    break;
                case Lexeme.Ordinary:
                    emit = prev is Lexeme.Or or Lexeme.And;
                    break;
                case Lexeme.End:
                    if (prev == Lexeme.Ordinary)
                    {
                        end = i;
                    }

                    emit = true;
                    break;
            }

            if (emit)
            {
                if (quoted && current == Lexeme.End)
                {
                    error = $"unterminated quoted string at or near {position}";
                    return false;
                }

                var op = postOp == Lexeme.Or ? Lexeme.Or : preOp;
                int from = start, to = end;
                if (from < to && query[from] == '"' && query[to - 1] == '"')
                {
                    from++;
                    to--;
                }

                if (from < to)
                {
                    var term = query[from..to].ToLowerInvariant();
                    (op == Lexeme.Or ? or : and).Add(term);
                }

                start = i;
                (preOp, postOp) = (postOp, Lexeme.None);
            }

            prev = current;
            i += width;
        }

        result = new SearchQuery(and, or);
        return true;
    }
}
