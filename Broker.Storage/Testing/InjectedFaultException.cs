namespace Broker.Storage.Testing;

/// <summary>The failure that <see cref="FaultInjectingMessageStore"/> injects.</summary>
internal sealed class InjectedFaultException : Exception
{
    public InjectedFaultException()
    {
    }

    public InjectedFaultException(string message)
        : base(message)
    {
    }

    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
