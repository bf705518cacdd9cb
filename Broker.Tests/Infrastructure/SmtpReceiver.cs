using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Broker.Tests.Infrastructure;

/// <summary>A real SMTP server (SmtpServer from NuGet) on a loopback port that keeps every mail it is handed.</summary>
public sealed partial class SmtpReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<MimeMessage> received = Channel.CreateUnbounded<MimeMessage>();
    private readonly List<MimeMessage> backlog = [];
    private readonly Task running;

    private SmtpReceiver(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(builder => builder.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new KeepingStore(received.Writer));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>The broker arguments that send mail here without TLS.</summary>
    public string[] BrokerArgs =>
    [
        "--Auth:Smtp:Host=127.0.0.1",
        "--Auth:Smtp:Port=" + Port,
        "--Auth:Smtp:TlsMode=None",
        "--Auth:Smtp:From=Broker <no-reply@broker.test>",
    ];

    public static SmtpReceiver Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new SmtpReceiver(port);
    }

    [GeneratedRegex(@"\b(\d{6})\b")]
    private static partial Regex CodePattern();

    /// <summary>Waits for a mail to <paramref name="recipient"/> and returns it.</summary>
    public async Task<MimeMessage> ExpectMailAsync(string recipient)
    {
        bool IsFor(MimeMessage m) => m.To.Mailboxes.Any(a => string.Equals(a.Address, recipient, StringComparison.OrdinalIgnoreCase));
        var index = backlog.FindIndex(IsFor);
        if (index >= 0)
        {
            var found = backlog[index];
            backlog.RemoveAt(index);
            return found;
        }

        using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
        try
        {
            while (true)
            {
                var message = await received.Reader.ReadAsync(timeout.Token);
                if (IsFor(message))
                {
                    return message;
                }

                backlog.Add(message);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no mail to {recipient}; received for: {string.Join(", ", backlog.SelectMany(m => m.To.Mailboxes).Select(a => a.Address))}");
        }
    }

    /// <summary>Waits for a mail to <paramref name="recipient"/> and reads the six-digit code in its text.</summary>
    public async Task<string> ExpectCodeAsync(string recipient)
    {
        var mail = await ExpectMailAsync(recipient);
        var match = CodePattern().Match(mail.TextBody ?? string.Empty);
        Assert.True(match.Success, "no code in: " + mail.TextBody);
        return match.Groups[1].Value;
    }

    /// <summary>Mails received and not matched yet.</summary>
    public IReadOnlyList<MimeMessage> Unclaimed()
    {
        while (received.Reader.TryRead(out var message))
        {
            backlog.Add(message);
        }

        return backlog;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private sealed class KeepingStore(ChannelWriter<MimeMessage> writer) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            writer.TryWrite(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
