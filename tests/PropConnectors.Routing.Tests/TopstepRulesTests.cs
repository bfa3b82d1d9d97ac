using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PropConnectorsHttp = PropConnectors.Http.PropConnectorsHttp;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;
using RichardSzalay.MockHttp;

namespace PropConnectors.Routing.Tests;

/// <summary>Topstep's Trading Combine as the firm package ships it: the 50K plan's contracts, daily loss and trailing maximum loss.</summary>
public sealed class TopstepRulesTests
{
    private const string BaseUrl = "https://topstep.test/v1";

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task<ConnectorResult> EntryAsync(decimal quantity, decimal balance, decimal dayStart, decimal highest)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, BaseUrl + "/account").Respond(_ => Json(string.Create(CultureInfo.InvariantCulture,
            $$"""{"balance":{{balance}},"equity":{{balance}},"day_start_balance":{{dayStart}},"high_water_balance":{{highest}},"currency":"USD"}""")));
        mock.When(HttpMethod.Get, BaseUrl + "/positions").Respond(_ => Json("""{"positions":[]}"""));
        MockedRequest post = mock.When(HttpMethod.Post, BaseUrl + "/orders").Respond(_ => FirmHttp.Order("T-1"));
        using RouterHarness harness = RouterHarness.Create(
            live: true,
            settings: s =>
            {
                s["TOPSTEP_ENABLED"] = "true";
                s["TOPSTEP_API_KEY"] = "topstep-secret-key-5a1c";
                s["TOPSTEP_BASE_URL"] = BaseUrl;
                s["PropConnectors:Firms:TOPSTEP:AccountSize"] = "50000";
            },
            connectors: b => b.AddTopstep(),
            services: s => s.AddHttpClient(PropConnectorsHttp.ClientName("TOPSTEP")).ConfigurePrimaryHttpMessageHandler(() => mock));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("ts-" + Guid.NewGuid().ToString("N"),
            string.Create(CultureInfo.InvariantCulture, $$"""{"symbol":"MNQ","side":"BUY","quantity":{{quantity}},"firm_codes":["TOPSTEP"]}""")));
        ConnectorResult topstep = result.ConnectorResults.Single();
        Assert.That(mock.GetMatchCount(post), Is.EqualTo(topstep.Status == ConnectorStatus.Success ? 1 : 0));
        return topstep;
    }

    [TestCase(5, null)]
    [TestCase(6, ConnectorErrorCodes.PositionLimitExceeded)]
    public async Task FiftyK_FiveContracts(int quantity, string? code)
    {
        ConnectorResult result = await EntryAsync(quantity, balance: 50_000m, dayStart: 50_000m, highest: 50_000m);

        Assert.That(result.ErrorCode, Is.EqualTo(code), result.ErrorMessage);
    }

    [Test]
    public async Task FiftyK_DailyLossOfOneThousand()
    {
        ConnectorResult result = await EntryAsync(1, balance: 49_500m, dayStart: 50_500m, highest: 50_500m);

        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.DailyLossLimit));
        Assert.That(result.ErrorMessage, Does.Contain("daily floor 49,500.00 = day start 50,500.00 − 1,000.00"));
    }

    [TestCase(51_000, 49_000, "min(highest balance 51,000.00 − 2,000.00, 50,000.00)")]
    [TestCase(53_000, 50_000, "min(highest balance 53,000.00 − 2,000.00, 50,000.00)")]
    public async Task FiftyK_MaximumLossTrailsAndStopsAtTheStartingBalance(int highest, int floor, string arithmetic)
    {
        ConnectorResult atFloor = await EntryAsync(1, balance: floor, dayStart: floor + 500m, highest: highest);
        ConnectorResult above = await EntryAsync(1, balance: floor + 0.01m, dayStart: floor + 500m, highest: highest);

        Assert.That(atFloor.ErrorCode, Is.EqualTo(ConnectorErrorCodes.MaxLossLimit));
        Assert.That(atFloor.ErrorMessage, Does.Contain(arithmetic));
        Assert.That(above.Status, Is.EqualTo(ConnectorStatus.Success), above.ErrorMessage);
    }
}
