using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;
using RichardSzalay.MockHttp;

namespace PropConnectors.Routing.Tests;

/// <summary>CONTRACT §13 rule 3: entries only inside the trading windows, read in their IANA zones across daylight-saving changes.</summary>
public sealed class TradingWindowTests
{
    private const string Entry = """{"symbol":"EURUSD","side":"BUY","quantity":1,"firm_codes":["FTMO"]}""";

    private static async Task<ConnectorResult> EntryAtAsync(DateTimeOffset utc, params string[] windows)
    {
        using RouterHarness harness = RouterHarness.Create(live: true, settings: s =>
        {
            for (int i = 0; i < windows.Length; i++)
            {
                s[$"PropConnectors:Firms:FTMO:TradingWindows:{i}"] = windows[i];
            }
        });
        harness.Time.SetUtcNow(utc);
        MockedRequest post = harness.Ftmo.Mock.When(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("F-1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("w-" + utc.ToUnixTimeSeconds(), Entry));
        ConnectorResult ftmo = result.ConnectorResults.Single();
        Assert.That(harness.Ftmo.Mock.GetMatchCount(post), Is.EqualTo(ftmo.Status == ConnectorStatus.Success ? 1 : 0), "a refused entry sends nothing");
        return ftmo;
    }

    // 2026: US clocks go forward on Sunday 8 March and back on Sunday 1 November.
    [TestCase("2026-03-06T14:30:00Z", true, TestName = "Friday before the spring change: 09:30 EST is 14:30 UTC")]
    [TestCase("2026-03-06T14:29:00Z", false, TestName = "Friday before the spring change: 14:29 UTC is 09:29 EST")]
    [TestCase("2026-03-09T13:30:00Z", true, TestName = "Monday after the spring change: 09:30 EDT is 13:30 UTC")]
    [TestCase("2026-03-09T13:29:00Z", false, TestName = "Monday after the spring change: 13:29 UTC is 09:29 EDT")]
    [TestCase("2026-03-09T19:54:00Z", true, TestName = "Monday after the spring change: 15:54 EDT")]
    [TestCase("2026-03-09T19:55:00Z", false, TestName = "Monday after the spring change: the window ends at 15:55 EDT")]
    [TestCase("2026-10-30T13:30:00Z", true, TestName = "Friday before the autumn change: 09:30 EDT")]
    [TestCase("2026-11-02T13:30:00Z", false, TestName = "Monday after the autumn change: 13:30 UTC is 08:30 EST")]
    [TestCase("2026-11-02T14:30:00Z", true, TestName = "Monday after the autumn change: 09:30 EST is 14:30 UTC")]
    [TestCase("2026-03-08T15:00:00Z", false, TestName = "Sunday: not a window day")]
    public async Task NewYorkWindow_AcrossDaylightSavingChanges(string utc, bool open)
    {
        ConnectorResult result = await EntryAtAsync(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), "Mon-Fri 09:30-15:55 America/New_York");

        Assert.That(result.Status, Is.EqualTo(open ? ConnectorStatus.Success : ConnectorStatus.Failed), result.ErrorMessage);
        if (!open)
        {
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OutsideTradingHours));
            Assert.That(result.ErrorMessage, Does.Contain("is outside the trading windows (Mon-Fri 09:30-15:55 America/New_York)"));
        }
    }

    // Europe: clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
    [TestCase("2026-03-28T22:58:00Z", true, TestName = "Prague: 23:58 CET on Saturday is inside the night window")]
    [TestCase("2026-03-29T21:58:00Z", true, TestName = "Prague: 23:58 CEST on the spring-change Sunday (UTC+2)")]
    [TestCase("2026-03-29T22:01:00Z", false, TestName = "Prague: 00:01 CEST Monday, after the window's end at midnight")]
    [TestCase("2026-10-25T22:58:00Z", true, TestName = "Prague: 23:58 CET on the autumn-change Sunday (UTC+1)")]
    [TestCase("2026-10-25T23:00:00Z", false, TestName = "Prague: 00:00 CET Monday")]
    public async Task PragueWindow_AcrossDaylightSavingChanges(string utc, bool open)
    {
        ConnectorResult result = await EntryAtAsync(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), "Sat,Sun 08:00-23:59 Europe/Prague");

        Assert.That(result.Status, Is.EqualTo(open ? ConnectorStatus.Success : ConnectorStatus.Failed), result.ErrorMessage);
    }

    [TestCase("2026-03-09T03:00:00Z", true, TestName = "A window across midnight: 23:00 EDT Sunday night belongs to Sunday's session")]
    [TestCase("2026-03-13T21:30:00Z", false, TestName = "A window across midnight: Friday 17:30 EDT is not a session start day")]
    [TestCase("2026-03-09T20:30:00Z", false, TestName = "A window across midnight: the daily break, 16:30 EDT Monday")]
    public async Task FuturesSessionAcrossMidnight(string utc, bool open)
    {
        ConnectorResult result = await EntryAtAsync(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), "Sun-Thu 18:00-16:00 America/New_York");

        Assert.That(result.Status, Is.EqualTo(open ? ConnectorStatus.Success : ConnectorStatus.Failed), result.ErrorMessage);
    }

    [TestCase("Mon-Fri 9:30-15:55 America/New_York")]
    [TestCase("Mon-Fri 09:30-15:55 Mars/Olympus")]
    [TestCase("weekdays 09:30-15:55 America/New_York")]
    public async Task UnreadableWindow_RefusesEntries(string window)
    {
        ConnectorResult result = await EntryAtAsync(DateTimeOffset.Parse("2026-03-09T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture), window);

        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OutsideTradingHours));
        Assert.That(result.ErrorMessage, Does.Contain("entries are refused until it is fixed"));
    }

    [Test]
    public async Task SeveralWindows_AnyOfThemOpens()
    {
        ConnectorResult result = await EntryAtAsync(DateTimeOffset.Parse("2026-03-09T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "Mon-Fri 09:30-15:55 America/New_York", "Mon-Fri 08:00-16:30 Europe/London");

        Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ErrorMessage);
    }
}
