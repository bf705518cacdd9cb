using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>
/// The overload symptoms a new user met, with the default rate limits and the real clock: a client far over its rate
/// is refused, never cut off, and every frame it sent is answered with a 2xx or a 429; every stored message is
/// acknowledged and every acknowledged one stored.
/// </summary>
public sealed class OverloadTests
{
    [Fact]
    public async Task Twenty_thousand_back_to_back_pubs_are_each_answered_202_or_429_on_an_open_connection()
    {
        await RunAsync(count: 20_000, inFlight: 0, perSecond: 0);
    }

    [Fact]
    public async Task A_publisher_keeping_128_in_flight_and_ignoring_429s_gets_an_answer_for_every_message()
    {
        await RunAsync(count: 4_652, inFlight: 128, perSecond: 0);
    }

    [Fact]
    public async Task A_2000_per_second_publisher_with_the_default_settings_keeps_its_connection()
    {
        await RunAsync(count: 6_000, inFlight: 0, perSecond: 2_000);
    }

    private static async Task RunAsync(int count, int inFlight, int perSecond)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var owner = await broker.UserAsync("owner");
        var group = await owner.CreateGroupAsync();
        await using var publisher = await RawPublisher.JoinAsync(broker, "bot", group);

        await publisher.PublishAsync(group, count, inFlight, perSecond);

        Assert.False(publisher.Aborted, "the connection was cut off (1006)");
        Assert.True(publisher.IsOpen, $"closed with {publisher.CloseStatus} {publisher.CloseDescription}");
        Assert.Equal(count, publisher.Answered);
        Assert.Equal(count, publisher.Replies.GetValueOrDefault(202) + publisher.Replies.GetValueOrDefault(429));
        Assert.True(publisher.Replies.GetValueOrDefault(429) > 0, "the load was meant to be over the default rate");

        // Every acknowledged message is stored, and nothing was stored that was not acknowledged.
        var stored = (await owner.GetDescAsync(group)).GetProperty("seq").GetInt64();
        Assert.Equal(publisher.Replies.GetValueOrDefault(202), stored);
        Assert.Equal(Enumerable.Range(1, (int)stored).Select(i => (long)i), publisher.AckedSeqs.Order());
    }
}
