using System.Net.WebSockets;
using Broker.Sessions;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>
/// The process budget for all outboxes, with 15,000 sessions that never read (socketless: no write loop drains them).
/// Without the budget their backlogs would add up to about 675 MB here, and to 15,000 × 8 MiB in a real broker.
/// </summary>
public sealed class OutboxBudgetTests
{
    private const int Sessions = 15_000;
    private const long Budget = 32L << 20;

    [Fact]
    public async Task Fifteen_thousand_slow_sessions_are_held_to_the_process_budget_by_closing_the_largest_backlogs()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:OutboxBudgetBytes=" + Budget);
        var services = broker.Services.GetRequiredService<SessionServices>();
        var budget = broker.Services.GetRequiredService<OutboxBudget>();
        var sessions = new Session[Sessions];
        for (var i = 0; i < Sessions; i++)
        {
            sessions[i] = new Session(WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true }), null, services, "test");
            services.Sessions.Add(sessions[i]);
        }

        try
        {
            // Session i gets 1 + i % 8 frames of 1 KiB a round: ten rounds make backlogs of 10 to 80 KiB.
            var frame = new byte[1024];
            "{\"data\":{}}"u8.CopyTo(frame);
            for (var round = 0; round < 10; round++)
            {
                for (var i = 0; i < Sessions; i++)
                {
                    for (var f = 0; f <= i % 8; f++)
                    {
                        sessions[i].Send(frame);
                    }
                }
            }

            budget.Enforce(); // settles what the background enforcement may still be doing

            var open = sessions.Where(s => !s.IsClosing).ToList();
            var closed = sessions.Where(s => s.IsClosing).ToList();
            Assert.InRange(open.Sum(s => s.QueuedBytes), 1, Budget);
            Assert.NotEmpty(closed);
            Assert.Equal(closed.Count, budget.Closed);

            // The largest backlogs went first: most sessions of the fastest-growing kind are gone, the slowest all stay.
            var factors = sessions.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => 1 + (p.i % 8));
            double Factor(Session s) => factors[s];
            Assert.True(open.Count(s => Factor(s) == 8) < closed.Count(s => Factor(s) == 8));
            Assert.All(sessions.Where((_, i) => i % 8 == 0), s => Assert.False(s.IsClosing));
            Assert.True(closed.Average(Factor) > open.Average(Factor));
        }
        finally
        {
            foreach (var session in sessions)
            {
                services.Sessions.Remove(session);
            }
        }
    }
}
