using System.Globalization;
using System.Net;
using System.Text;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;
using RichardSzalay.MockHttp;

namespace PropConnectors.Routing.Tests;

/// <summary>
/// FTMO's day starts at midnight Prague (CONTRACT §13 rule 7): when the firm reports no day_start_balance, the first
/// balance read in each Prague day is the day's start, across both 2026 daylight-saving changes.
/// </summary>
public sealed class DayStartTests
{
    private const string Entry = """{"symbol":"EURUSD","side":"BUY","quantity":1,"firm_codes":["FTMO"]}""";

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task<List<string?>> RouteAtAsync(params (string Utc, decimal Balance)[] steps)
    {
        using RouterHarness harness = RouterHarness.Create(live: true, settings: s => s["PropConnectors:Firms:FTMO:AccountSize"] = "100000");
        decimal balance = 0;
        harness.Ftmo.Mock.When(HttpMethod.Get, RouterHarness.FtmoBaseUrl + "/account").Respond(_ =>
            Json(string.Create(CultureInfo.InvariantCulture, $$"""{"balance":{{balance}},"equity":{{balance}},"currency":"USD"}""")));
        harness.Ftmo.Mock.When(HttpMethod.Get, RouterHarness.FtmoBaseUrl + "/positions").Respond(_ => Json("""{"positions":[]}"""));
        harness.Ftmo.Mock.When(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("F-1"));

        var codes = new List<string?>();
        foreach ((string utc, decimal value) in steps)
        {
            harness.Time.SetUtcNow(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture));
            balance = value;
            ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("d-" + utc, Entry));
            codes.Add(result.ConnectorResults.Single().ErrorCode);
        }

        return codes;
    }

    [Test]
    public async Task SpringChange_PragueMidnightIsTwentyTwoUtc()
    {
        List<string?> codes = await RouteAtAsync(
            ("2026-03-29T21:00:00Z", 100_000m),  // 23:00 CEST Sunday: the day's first read
            ("2026-03-29T21:59:00Z", 94_900m),   // 23:59 CEST: the same day, 94,900 ≤ 95,000
            ("2026-03-29T22:01:00Z", 94_900m));  // 00:01 CEST Monday: a new day starting at 94,900

        Assert.That(codes, Is.EqualTo(new[] { null, ConnectorErrorCodes.DailyLossLimit, null }));
    }

    [Test]
    public async Task AutumnChange_PragueMidnightIsTwentyThreeUtc()
    {
        List<string?> codes = await RouteAtAsync(
            ("2026-10-25T21:00:00Z", 100_000m),  // 22:00 CET Sunday (the clocks went back at 03:00 CEST)
            ("2026-10-25T22:30:00Z", 94_900m),   // 23:30 CET: still Sunday in Prague
            ("2026-10-25T23:01:00Z", 94_900m));  // 00:01 CET Monday

        Assert.That(codes, Is.EqualTo(new[] { null, ConnectorErrorCodes.DailyLossLimit, null }));
    }
}
