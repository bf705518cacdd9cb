using BenchmarkDotNet.Attributes;
using Broker.Protocol.Access;

namespace Broker.Bench.Micro;

/// <summary>Access-mode checks on the hot path (every delivery checks R) and parsing/formatting on grants.</summary>
[MemoryDiagnoser]
public class AccessModeBenchmarks
{
    private readonly AccessMode mode = AccessModes.Public;

    [Benchmark]
    public bool CheckReadAndPresence() => mode.Has(AccessMode.Read | AccessMode.Presence);

    [Benchmark]
    public AccessMode Parse()
    {
        AccessModes.TryParse("JRWPASDO", out var parsed);
        return parsed;
    }

    [Benchmark]
    public string FormatCommon() => AccessModes.Format(AccessModes.Public);

    [Benchmark]
    public string FormatOther() => AccessModes.Format(AccessMode.Join | AccessMode.Read | AccessMode.Delete);
}
