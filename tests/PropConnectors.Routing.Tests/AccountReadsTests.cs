using System.Net;
using System.Text;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;
using RichardSzalay.MockHttp;

namespace PropConnectors.Routing.Tests;

/// <summary>CONTRACT §12: the reads a task needs at an account are made once each, concurrently.</summary>
public sealed class AccountReadsTests
{
    private const string Positions = """{"positions":[{"symbol":"NQ","side":"LONG","quantity":2,"average_price":18000}]}""";
    private const string OpenOrders = """{"orders":[{"order_id":"A-9","client_order_id":"x","symbol":"NQ","side":"BUY","quantity":1,"order_type":"LIMIT","status":"ACCEPTED"}]}""";

    private static ConnectorResult Apex(ExecutionResult result) => result.ConnectorResults.Single(r => r.FirmCode == "APEX");

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Test]
    public async Task Flatten_ReadsPositionsAndOrdersOnceEach_BothInFlightTogether()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        var positionsArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ordersArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int positionReads = 0, orderReads = 0;

        // Each read answers only once the other has arrived: read one after the other, the flatten could not finish.
        harness.Apex.Mock.When(HttpMethod.Get, RouterHarness.ApexBaseUrl + "/positions").Respond(async () =>
        {
            Interlocked.Increment(ref positionReads);
            positionsArrived.TrySetResult();
            await ordersArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return Json(Positions);
        });
        harness.Apex.Mock.When(HttpMethod.Get, RouterHarness.ApexOrdersUrl).WithQueryString("status", "open").Respond(async () =>
        {
            Interlocked.Increment(ref orderReads);
            ordersArrived.TrySetResult();
            await positionsArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return Json(OpenOrders);
        });
        harness.Apex.Mock.When(HttpMethod.Delete, RouterHarness.ApexOrdersUrl + "/A-9").Respond("application/json", """{"order_id":"A-9","status":"CANCELLED"}""");
        harness.Apex.Mock.When(HttpMethod.Post, RouterHarness.ApexOrdersUrl).Respond(_ => FirmHttp.Order("A-10"));

        ExecutionResult result = await harness.Router.ExecuteAsync(
            ExecutionJson.Parse("""{"id":"flat-1","event_type":"FLATTEN","payload":{"firm_codes":["APEX"]}}"""))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(Apex(result).Status, Is.EqualTo(ConnectorStatus.Success), Apex(result).ErrorMessage);
            Assert.That(Apex(result).Actions!.Select(a => a.Kind), Is.EquivalentTo(new[] { ConnectorActionKind.Cancel, ConnectorActionKind.Close }));
            Assert.That(positionReads, Is.EqualTo(1));
            Assert.That(orderReads, Is.EqualTo(1));
            Assert.That(harness.Apex.Unexpected, Is.Zero);
            Assert.That(harness.Ftmo.Unexpected, Is.Zero);
        });
    }

    [Test]
    public async Task RiskSizedEntry_ReadsTheAccountOnce_ThenPostsOnce()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        int accountReads = 0;
        harness.Apex.Mock.When(HttpMethod.Get, RouterHarness.ApexBaseUrl + "/account").Respond(_ =>
        {
            Interlocked.Increment(ref accountReads);
            return Json("""{"balance":"50000.00","equity":50000,"day_start_balance":50000,"currency":"USD"}""");
        });
        MockedRequest post = harness.Apex.Mock.When(HttpMethod.Post, RouterHarness.ApexOrdersUrl)
            .WithPartialContent("\"quantity\":2")
            .Respond(_ => FirmHttp.Order("A-1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(ExecutionJson.Parse(
            """{"id":"risk-1","payload":{"firm_codes":["APEX"],"symbol":"NQ","side":"BUY","quantity":"auto","risk_percent":0.01,"entry_price":18000,"stop_loss":17990}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(Apex(result).Status, Is.EqualTo(ConnectorStatus.Success), Apex(result).ErrorMessage);
            Assert.That(Apex(result).Sizing!.Quantity, Is.EqualTo(2m));
            Assert.That(accountReads, Is.EqualTo(1));
            Assert.That(harness.Apex.Mock.GetMatchCount(post), Is.EqualTo(1));
            Assert.That(harness.Apex.Unexpected, Is.Zero);
        });
    }
}
