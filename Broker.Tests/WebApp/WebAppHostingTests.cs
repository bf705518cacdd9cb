using System.Net;
using Broker.Options;
using Broker.Tests.Infrastructure;
using Broker.WebApp;

namespace Broker.Tests.WebApp;

/// <summary>The web app out of the box: served from where install.sh puts it by default, and the start-up line says where to open it.</summary>
public sealed class WebAppHostingTests
{
    [Fact]
    public void With_no_root_set_the_app_is_looked_for_where_install_sh_puts_it_by_default()
    {
        var working = Path.Combine(Path.GetTempPath(), "broker-work");

        Assert.Equal(Path.Combine(working, "data", "webapp"), WebAppHosting.ResolveRoot(null, working));
        Assert.Equal("data/webapp", WebAppOptions.DefaultRoot);
        Assert.Equal(Path.Combine(working, "app"), WebAppHosting.ResolveRoot("app", working));
        Assert.Equal("/srv/app", WebAppHosting.ResolveRoot("/srv/app", working));
    }

    [Theory]
    [InlineData("http://localhost:6060", "http://localhost:6060/")]
    [InlineData("http://0.0.0.0:6060", "http://localhost:6060/")]
    [InlineData("http://[::]:7000", "http://localhost:7000/")]
    [InlineData("http://*:8080", "http://localhost:8080/")]
    [InlineData("https://chat.example.com:443", "https://chat.example.com/")]
    public void The_start_up_line_names_an_address_a_browser_can_open(string listening, string shown)
    {
        Assert.Equal(shown, WebAppHosting.BrowserUrl([listening]));
    }

    [Fact]
    public async Task An_installed_app_is_served_at_the_root_and_the_start_up_log_says_where_to_open_it()
    {
        var folder = Directory.CreateTempSubdirectory("broker-webapp-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "index.html"), "<html>the web app</html>", TestContext.Current.CancellationToken);
            var logs = new LogCapture();
            await using var broker = await TestBroker.StartAsync(b => logs.AddTo(b.Logging), "--Broker:WebApp:Root=" + folder.FullName);

            var line = await logs.WaitForAsync(e => e.EventId == 9001, "the web app's start-up line");
            using var http = new HttpClient { BaseAddress = broker.BaseUri };
            var page = await http.GetStringAsync("/", TestContext.Current.CancellationToken);

            Assert.Equal("<html>the web app</html>", page);
            Assert.Contains($"open http://127.0.0.1:{broker.BaseUri.Port}/ in a browser", line.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_an_installed_app_the_root_is_a_banner_and_the_start_up_log_says_how_to_install_it()
    {
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(b => logs.AddTo(b.Logging));

        var line = await logs.WaitForAsync(e => e.EventId == 9002, "the how-to-install line");
        using var http = new HttpClient { BaseAddress = broker.BaseUri };
        var page = await http.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("tools/webapp/install.sh", line.Message);
        Assert.Contains(Path.Combine("data", "webapp"), line.Message);
        Assert.StartsWith("Broker:", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_empty_root_turns_the_web_app_off()
    {
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(b => logs.AddTo(b.Logging), "--Broker:WebApp:Root=");
        using var http = new HttpClient { BaseAddress = broker.BaseUri };

        var page = await http.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.StartsWith("Broker:", page);
        Assert.DoesNotContain(logs.Entries, e => e.EventId is 9001 or 9002);
    }
}
