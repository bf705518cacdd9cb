namespace Broker.Bench.Load.Protocol;

/// <summary>Setup (connect, account, subscribe) failed; the run stops with exit code 2.</summary>
internal sealed class SetupException(string message, Exception? inner = null) : Exception(message, inner);
