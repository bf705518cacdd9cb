namespace Broker.Bench.Load.Reporting;

/// <summary>One pass/fail criterion and how it came out; <see cref="Actual"/> says what was measured.</summary>
internal sealed record ThresholdReport(string Step, string Description, bool Passed, string Actual);
