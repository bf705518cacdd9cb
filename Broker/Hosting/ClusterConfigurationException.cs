namespace Broker.Hosting;

/// <summary>The <c>Cluster</c> settings are wrong or do not fit the rest of the configuration: the broker cannot start.</summary>
public sealed class ClusterConfigurationException : Exception
{
    public ClusterConfigurationException()
    {
    }

    public ClusterConfigurationException(string message)
        : base(message)
    {
    }

    public ClusterConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
