using System.Net.WebSockets;
using Broker.Bench.Load.Protocol;

namespace Broker.Bench.Load.Run;

/// <summary>Opens sessions and runs the setup requests (hi, acc, login, sub), turning any refusal into a <see cref="SetupException"/>.</summary>
internal sealed class SessionFactory(RunContext ctx)
{
    private TimeSpan Timeout => ctx.Options.RequestTimeout;

    /// <summary>Connects and says <c>{hi}</c>.</summary>
    public async Task<ProtocolClient> ConnectAsync(string name, CancellationToken ct)
    {
        var client = new ProtocolClient(name, ctx.Window);
        var endpoint = ctx.NextEndpoint();
        try
        {
            await client.ConnectAsync(endpoint, ctx.Options.ApiKey, ct);
            Expect(client, "hi", await client.RequestAsync(RequestFrames.Hi, Timeout, ct));
            return client;
        }
        catch (Exception e) when (e is WebSocketException or SetupException or HttpRequestException)
        {
            await client.DisposeAsync();
            throw e as SetupException ?? new SetupException($"{name}: connecting to {endpoint} failed: {e.Message}", e);
        }
    }

    /// <summary>Creates an account on <paramref name="client"/> (which is logged in by it).</summary>
    public async Task<Account> CreateAccountAsync(ProtocolClient client, CancellationToken ct)
    {
        var (login, password) = ctx.Identity.NextCredentials();
        var reply = await client.RequestAsync(id => RequestFrames.CreateAccount(id, login, password, client.Name), Timeout, ct);
        Expect(client, "acc", reply);
        var user = reply.Param("user") ?? throw new SetupException($"{client.Name}: acc reply has no params.user");
        var token = reply.Param("token") ?? throw new SetupException($"{client.Name}: acc reply has no params.token");
        client.UserId = user;
        return new Account(user, token, login);
    }

    public async Task LoginAsync(ProtocolClient client, Account account, CancellationToken ct)
    {
        Expect(client, "login", await client.RequestAsync(id => RequestFrames.LoginToken(id, account.Token), Timeout, ct));
        client.UserId = account.UserId;
    }

    /// <summary>Subscribes and attaches; returns the topic name the broker answered with (grp… for <c>new</c>).</summary>
    public async Task<string> SubscribeAsync(ProtocolClient client, string topic, CancellationToken ct)
    {
        var reply = await client.RequestAsync(id => RequestFrames.Subscribe(id, topic), Timeout, ct);
        Expect(client, $"sub {topic}", reply);
        return reply.Topic ?? topic;
    }

    /// <summary>Sets the caller's own want on <paramref name="topic"/>.</summary>
    public async Task SetOwnModeAsync(ProtocolClient client, string topic, string mode, CancellationToken ct)
    {
        var reply = await client.RequestAsync(id => RequestFrames.SetOwnMode(id, topic, mode), Timeout, ct);
        Expect(client, $"set sub mode {mode} on {topic}", reply);
    }

    /// <summary>Connects, says hi and creates an account; the session is closed again if any step fails.</summary>
    public async Task<(ProtocolClient Client, Account Account)> OpenWithNewAccountAsync(string name, CancellationToken ct)
    {
        var client = await ConnectAsync(name, ct);
        try
        {
            return (client, await CreateAccountAsync(client, ct));
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects, says hi and logs in with an existing account's token.</summary>
    public async Task<ProtocolClient> OpenWithTokenAsync(string name, Account account, CancellationToken ct)
    {
        var client = await ConnectAsync(name, ct);
        try
        {
            await LoginAsync(client, account, ct);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private static void Expect(ProtocolClient client, string what, CtrlReply reply)
    {
        if (!reply.IsSuccess)
        {
            throw new SetupException($"{client.Name}: {what} answered {reply.Code} {reply.Text}");
        }
    }
}
