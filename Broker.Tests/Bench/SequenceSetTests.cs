using Broker.Bench.Load.Metrics;

namespace Broker.Tests.Bench;

public sealed class SequenceSetTests
{
    [Fact]
    public void In_order_numbers_stay_one_span()
    {
        var set = new SequenceSet();
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(set.Add(i));
        }

        Assert.Equal(1000, set.Count);
        Assert.Equal(1, set.SpanCount);
        Assert.Equal(new SeqSpan(0, 1000), set.Spans[0]);
    }

    [Fact]
    public void Gaps_make_spans_and_late_arrivals_close_them()
    {
        var set = new SequenceSet();
        foreach (var n in new long[] { 0, 1, 2, 5, 6, 9 })
        {
            set.Add(n);
        }

        Assert.Equal([new SeqSpan(0, 3), new SeqSpan(5, 7), new SeqSpan(9, 10)], set.Spans);
        Assert.True(set.Add(4));
        Assert.True(set.Add(3));
        Assert.Equal([new SeqSpan(0, 7), new SeqSpan(9, 10)], set.Spans);
        Assert.True(set.Add(8));
        Assert.True(set.Add(7));
        Assert.Equal([new SeqSpan(0, 10)], set.Spans);
        Assert.Equal(10, set.Count);
    }

    [Fact]
    public void Duplicates_are_refused()
    {
        var set = new SequenceSet();
        set.Add(3);
        set.Add(4);
        set.Add(10);
        Assert.False(set.Add(3));
        Assert.False(set.Add(4));
        Assert.False(set.Add(10));
        Assert.Equal(3, set.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_sets_match_a_hash_set_oracle(int seed)
    {
        var random = new Random(seed);
        var a = new SequenceSet();
        var b = new SequenceSet();
        var oracleA = new HashSet<long>();
        var oracleB = new HashSet<long>();
        for (var i = 0; i < 5_000; i++)
        {
            var x = random.NextInt64(0, 3_000);
            Assert.Equal(oracleA.Add(x), a.Add(x));
            var y = random.NextInt64(0, 3_000);
            Assert.Equal(oracleB.Add(y), b.Add(y));
        }

        Assert.Equal(oracleA.Count, a.Count);
        Assert.Equal(oracleA.Intersect(oracleB).LongCount(), a.CountIntersection(b));
        Assert.Equal(oracleA.Where(v => !oracleB.Contains(v)).Min(), a.FirstMissingFrom(b));
        for (var v = 0; v < 3_000; v += 7)
        {
            Assert.Equal(oracleA.Contains(v), a.Contains(v));
        }

        var spans = a.Spans;
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].Start > spans[i - 1].End, "spans are sorted, disjoint and not adjacent");
        }
    }

    [Fact]
    public void First_missing_is_null_when_everything_is_there()
    {
        var acked = new SequenceSet();
        var received = new SequenceSet();
        for (var i = 0; i < 10; i++)
        {
            acked.Add(i);
            received.Add(i);
        }

        received.Add(20);
        Assert.Null(acked.FirstMissingFrom(received));
        Assert.Equal(0, acked.FirstMissingFrom(null));
    }
}
