using Broker.Auth;
using Broker.Hosting;

if (args is ["keygen", ..])
{
    return KeygenCommand.Run(args[1..], Console.Out, Console.Error);
}

try
{
    var app = BrokerHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync("Broker cannot start: " + ex.Message);
    return 1;
}
catch (Exception ex) when (ex is StorageConfigurationException or ClusterConfigurationException)
{
    // One clear line instead of a stack trace: the configuration is wrong or the database is unreachable.
    await Console.Error.WriteLineAsync("Broker cannot start: " + ex.Message);
    return 1;
}
