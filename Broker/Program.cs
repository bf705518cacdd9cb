using Broker.Hosting;

var app = BrokerHost.Build(args);
await app.RunAsync();
