namespace Broker.Hosting;

/// <summary>Builds the broker's web application; tests and the load generator use it to host a broker in-process.</summary>
public static class BrokerHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json"),
            Optional = true,
        });
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGet("/", () => "Broker");
        return app;
    }
}
