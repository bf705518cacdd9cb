using Broker.Bench.Load.Api;
using Broker.Bench.Load.Reporting;

namespace Broker.Tests.Bench;

public sealed class ThresholdTests
{
    private static readonly StepReport Ack = new()
    {
        Name = "ack",
        Ok = 990,
        Fail = 10,
        OkPerSec = 99,
        FailPerSec = 1,
        Latency = new LatencySummary(990, 1, 2, 3, 4, 5, 9, 12, 1.5),
    };

    private static readonly StepReport All = Ack with { Name = Threshold.AllSteps };

    [Theory]
    [InlineData("ack:p99<6", true)]
    [InlineData("ack:p99<5", false)]
    [InlineData("ack:p99<=5ms", true)]
    [InlineData("ack:max<0.01s", false)]
    [InlineData("ack:p99.9 < 10", true)]
    [InlineData("fail%<1", false)]
    [InlineData("fail%<=1", true)]
    [InlineData("ok/s>=99", true)]
    [InlineData("ack:fail==10", true)]
    [InlineData("ack:mean>2", false)]
    [InlineData("delivery:p50<100", false)]
    public void Command_line_thresholds_are_checked_against_the_named_step(string text, bool passes)
    {
        Assert.True(ThresholdParser.TryParse(text, out var threshold, out var error), error);
        var report = threshold.Evaluate([Ack], All);
        Assert.Equal(passes, report.Passed);
        Assert.Equal(text.Trim(), report.Description);
        Assert.Contains(text.StartsWith("delivery", StringComparison.Ordinal) ? "no step named 'delivery'" : "fail 10 (1 %)", report.Actual, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p99")]
    [InlineData("ack:p80<5")]
    [InlineData("ack:p99 about 5")]
    [InlineData("latency<5")]
    public void Malformed_thresholds_are_rejected(string text) =>
        Assert.False(ThresholdParser.TryParse(text, out _, out _));

    [Fact]
    public void Code_thresholds_describe_themselves_and_fail_when_they_cannot_be_checked()
    {
        var rate = Threshold.Create(s => s.FailPercent < 2);
        Assert.Equal("s => s.FailPercent < 2", rate.Description);
        Assert.True(rate.Evaluate([Ack], All).Passed);

        var latency = Threshold.Create("ack", s => s.Latency!.P99 < 1);
        Assert.False(latency.Evaluate([Ack], All).Passed);

        // nothing succeeded, so there is no latency to compare: not met rather than a crash
        var empty = Ack with { Ok = 0, Latency = null };
        Assert.False(latency.Evaluate([empty], All).Passed);
        Assert.False(Threshold.Create("missing", _ => true).Evaluate([Ack], All).Passed);
    }
}
