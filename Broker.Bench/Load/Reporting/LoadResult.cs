namespace Broker.Bench.Load.Reporting;

/// <summary>
/// The result of one run, written as JSON (<c>--json</c>) and summarised as a Markdown row. Publish rates are
/// over the measured window; loss counts cover warm-up, window and drain.
/// </summary>
internal sealed class LoadResult
{
    public string Scenario { get; set; } = string.Empty;
    public string Target { get; set; } = string.Empty;
    public string Parameters { get; set; } = string.Empty;
    public string? Label { get; set; }
    public DateTime StartedUtc { get; set; }
    public string Shard { get; set; } = "0/1";
    public string RunId { get; set; } = string.Empty;
    public double MeasuredSeconds { get; set; }
    public int Sessions { get; set; }
    public int Publishers { get; set; }

    /// <summary>Requested total publish rate; null = unthrottled (window-bounded).</summary>
    public double? TargetRate { get; set; }

    public long Offered { get; set; }
    public long Acked { get; set; }
    public long Refused { get; set; }
    public long Delivered { get; set; }
    public double OfferedPerSec { get; set; }

    /// <summary>
    /// Paced runs: messages the publishers' schedules owed but had not sent, at the window's start and end. Offered
    /// falls short of the target by their growth over the window: the generator's own lag, not the broker's.
    /// </summary>
    public long? BehindAtStart { get; set; }

    /// <inheritdoc cref="BehindAtStart"/>
    public long? BehindAtEnd { get; set; }

    public double AckedPerSec { get; set; }
    public double DeliveredPerSec { get; set; }

    public long ExpectedDeliveries { get; set; }
    public long ReceivedDeliveries { get; set; }
    public long LostDeliveries { get; set; }
    public long ExcusedDeliveries { get; set; }
    public long UnackedDelivered { get; set; }
    public long Duplicates { get; set; }
    public int DroppedSessions { get; set; }
    public IReadOnlyList<string> LossSamples { get; set; } = [];

    public LatencySummary? AckLatency { get; set; }
    public LatencySummary? DeliveryLatency { get; set; }

    /// <summary>Error <c>{ctrl}</c> codes (and <c>send</c> for frames that could not be sent) with counts.</summary>
    public SortedDictionary<string, long> Errors { get; set; } = new(StringComparer.Ordinal);

    public double? BrokerCpuPercent { get; set; }
    public double? BrokerRssMb { get; set; }
    public double? BrokerPeakRssMb { get; set; }
    public double? GeneratorCpuPercent { get; set; }
    public string ProcessNote { get; set; } = string.Empty;

    /// <summary>Managed bytes this process allocated per second in the window (the broker's too when it runs in-process).</summary>
    public double? AllocatedMbPerSec { get; set; }

    /// <summary>Garbage collections of this process in the window: gen0/gen1/gen2.</summary>
    public string? Collections { get; set; }

    /// <summary>The machine's 1-minute load average when the run ended: other work competing for the cores.</summary>
    public double? LoadAverage { get; set; }

    public ConnectStats? Connect { get; set; }
    public HistoryStats? History { get; set; }

    public long InfoFrames { get; set; }
    public long PresFrames { get; set; }
    public long NotesSent { get; set; }
    public IReadOnlyList<double>? RssSeriesMb { get; set; }

    /// <summary>Every step measured (traffic: <c>ack</c>, <c>delivery</c>; connect: <c>setup</c>; history: <c>page</c>; defined scenarios: theirs), with timelines.</summary>
    public List<StepReport> Steps { get; set; } = [];

    /// <summary>All steps together (what a threshold without a step is checked against).</summary>
    public StepReport? AllSteps { get; set; }

    /// <summary>Warm-up, load simulations and drain on the timeline.</summary>
    public List<PhaseReport> Phases { get; set; } = [];

    /// <summary>Defined scenarios: iterations started, failed (a step failed) and injections skipped because too many were in flight.</summary>
    public long? Iterations { get; set; }
    public long? FailedIterations { get; set; }
    public long? SkippedInjections { get; set; }

    public List<ThresholdReport> Thresholds { get; set; } = [];

    /// <summary>Correctness failures (loss, mismatches, sessions that failed): exit code 1.</summary>
    public List<string> Failures { get; set; } = [];

    public bool Passed => Failures.Count == 0;

    /// <summary>Every threshold met (true when there are none): otherwise exit code 3.</summary>
    public bool ThresholdsPassed => Thresholds.TrueForAll(t => t.Passed);
}
