using Broker.Storage;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    private static ReportRecord Report(long reporter, int minutes, string? target, string content = """{"txt":"spam"}""") =>
        new(0, reporter, At(minutes), "report", target, """{"mime":"text/x-drafty"}""", content);

    [Fact]
    public async Task Reports_get_ascending_ids_and_are_kept_as_sent()
    {
        var first = await Backend.Reports.AddAsync(Report(5, 1, "usrAbuser"), Ct);
        var second = await Backend.Reports.AddAsync(new ReportRecord(0, 6, At(2), null, null, null, "\"plain\""), Ct);

        Assert.True(second > first, $"ids must ascend: {first} then {second}");
        Assert.Equal(
            [
                new ReportRecord(second, 6, At(2), null, null, null, "\"plain\""),
                new ReportRecord(first, 5, At(1), "report", "usrAbuser", """{"mime":"text/x-drafty"}""", """{"txt":"spam"}"""),
            ],
            await Backend.Reports.ListAsync(0, 10, Ct));
    }

    [Fact]
    public async Task Reports_are_listed_newest_first_in_pages_below_an_id()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Backend.Reports.AddAsync(Report(5, i, $"grp{i}"), Ct));
        }

        var page1 = await Backend.Reports.ListAsync(0, 2, Ct);
        var page2 = await Backend.Reports.ListAsync(page1[^1].Id, 2, Ct);
        var page3 = await Backend.Reports.ListAsync(page2[^1].Id, 2, Ct);

        Assert.Equal([ids[4], ids[3]], page1.Select(r => r.Id));
        Assert.Equal([ids[2], ids[1]], page2.Select(r => r.Id));
        Assert.Equal([ids[0]], page3.Select(r => r.Id));
        Assert.Equal(["grp4", "grp3"], page1.Select(r => r.Target));
        Assert.Empty(await Backend.Reports.ListAsync(ids[0], 2, Ct));
        Assert.Empty(await Backend.Reports.ListAsync(0, 0, Ct));
    }
}
