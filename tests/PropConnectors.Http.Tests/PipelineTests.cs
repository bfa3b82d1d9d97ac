using System.Net;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Http.Tests;

/// <summary>
/// The firm's HTTP pipeline (CONTRACT §6) on a fake clock: GET and DELETE retried freely, a POST never, each firm's
/// circuit and rate limit its own.
/// </summary>
public sealed class PipelineTests
{
    private static TestHost WithBackoff(Action<TestHostSetup>? more = null) => TestHost.Create(s =>
    {
        s.Configuration["PropConnectors:Firms:FTMO:RetryDelay"] = "00:00:00.500";
        s.Configuration["PropConnectors:Firms:APEX:RetryDelay"] = "00:00:00.500";
        more?.Invoke(s);
    });

    [Test]
    public async Task GetOrderStatusAsync_503WithRetryAfter_PipelineRetriesOnTheInjectedClock()
    {
        using var host = WithBackoff();
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").Respond(_ => Answer.WithRetryAfter(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(3)));
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_1","status":"FILLED"}""");

        Task<ConnectorResult> call = host.Ftmo.GetOrderStatusAsync("FTMO_1");
        await host.FtmoRequests.WaitForCountAsync(1);
        await host.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        host.Clock.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.That(host.FtmoRequests.Count, Is.EqualTo(1), "the pipeline's delay runs on the FakeTimeProvider from DI");
        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.OrderStatus, Is.EqualTo("FILLED"));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task GetOrderStatusAsync_SilentFirm_PipelineTimesOutAndRetriesOnTheInjectedClock()
    {
        using var host = TestHost.Create(s => s.Configuration["PropConnectors:Firms:FTMO:AttemptTimeout"] = "00:00:02");
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").RespondForever();
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_1","status":"FILLED"}""");

        Task<ConnectorResult> call = host.Ftmo.GetOrderStatusAsync("FTMO_1");
        await host.FtmoRequests.WaitForCountAsync(1);
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task GetOrderStatusAsync_503Repeatedly_RetriedFreelyThenRetryFirmUnavailable()
    {
        using var host = TestHost.Create();
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").RespondStatus(HttpStatusCode.ServiceUnavailable);
        }

        ConnectorResult result = await host.Ftmo.GetOrderStatusAsync("FTMO_1");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
        });
        host.VerifyAllRequests(ftmo: 3);
    }

    [Test]
    public async Task CancelOrderAsync_503ThenAccepted_DeleteRetriedByPipeline()
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(HttpMethod.Delete, TestHost.FtmoOrders + "/FTMO_1").RespondStatus(HttpStatusCode.ServiceUnavailable);
        host.FtmoHttp.Expect(HttpMethod.Delete, TestHost.FtmoOrders + "/FTMO_1").RespondStatus(HttpStatusCode.Accepted);

        ConnectorResult result = await host.Ftmo.CancelOrderAsync("FTMO_1");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_1"));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_Post503_NeverRetriedByThePipeline()
    {
        using var host = TestHost.Create(s => s.Ftmo = o => o.MaxAttempts = 1);
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.ServiceUnavailable);
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.NotFound);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(host.FtmoRequests.CountOf(HttpMethod.Post), Is.EqualTo(1));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task GetOrderStatusAsync_FtmoCircuitOpen_ApexUnaffected()
    {
        using var host = TestHost.Create();
        host.FtmoHttp.When(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").Respond(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        host.ApexHttp.Expect(HttpMethod.Get, TestHost.ApexOrders + "/APEX_1").RespondJson(HttpStatusCode.OK, """{"order_id":"APEX_1","status":"FILLED"}""");
        OrderRequest apexOrder = TestOrders.Apex();
        host.ApexHttp.ExpectPost(TestHost.ApexOrders, apexOrder.ClientOrderId).RespondJson(HttpStatusCode.Created, """{"order_id":"APEX_2","status":"ACCEPTED"}""");

        ConnectorResult? refused = null;
        for (int call = 0; call < 12 && refused is null; call++)
        {
            int before = host.FtmoRequests.Count;
            ConnectorResult result = await host.Ftmo.GetOrderStatusAsync("FTMO_1");
            if (host.FtmoRequests.Count == before)
            {
                refused = result;
            }
        }

        Assert.That(refused, Is.Not.Null, $"FTMO's circuit never opened after {host.FtmoRequests.Count} failed requests");
        int ftmoRequests = host.FtmoRequests.Count;
        ConnectorResult apexStatus = await host.Apex.GetOrderStatusAsync("APEX_1");
        ConnectorResult apexPlaced = await host.Apex.PlaceOrderAsync(apexOrder);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(refused.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(refused.ErrorMessage, Does.Contain("circuit"));
            Assert.That(apexStatus.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(apexPlaced.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(apexPlaced.Attempts, Is.EqualTo(1));
        });
        host.VerifyAllRequests(ftmo: ftmoRequests, apex: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_FtmoCircuitOpen_RetryWithoutRequestAndApexPlaces()
    {
        using var host = TestHost.Create();
        host.FtmoHttp.When(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").Respond(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        for (int call = 0; call < 7; call++)
        {
            await host.Ftmo.GetOrderStatusAsync("FTMO_1");
        }

        int before = host.FtmoRequests.Count;
        OrderRequest apexOrder = TestOrders.Apex();
        host.ApexHttp.ExpectPost(TestHost.ApexOrders, apexOrder.ClientOrderId).RespondJson(HttpStatusCode.Created, """{"order_id":"APEX_2","status":"ACCEPTED"}""");

        ConnectorResult ftmo = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());
        ConnectorResult apex = await host.Apex.PlaceOrderAsync(apexOrder);

        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Retry), ftmo.ToString());
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(host.FtmoRequests.Count, Is.EqualTo(before), "an open circuit sends nothing");
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Success));
        });
        host.VerifyAllRequests(ftmo: before, apex: 1);
    }

    [Test]
    public async Task PlaceOrderAsync_FtmoWaitingOnRetryAfter_ApexAnswersAtOnce()
    {
        using var host = WithBackoff();
        OrderRequest ftmoOrder = TestOrders.Ftmo();
        OrderRequest apexOrder = TestOrders.Apex();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, ftmoOrder.ClientOrderId).Respond(_ => Answer.WithRetryAfter(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5)));
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, ftmoOrder.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);
        host.ApexHttp.ExpectPost(TestHost.ApexOrders, apexOrder.ClientOrderId).RespondJson(HttpStatusCode.OK, """{"order_id":"APEX_1","status":"FILLED"}""");

        Task<ConnectorResult> ftmo = host.Ftmo.PlaceOrderAsync(ftmoOrder);
        await host.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        ConnectorResult apex = await host.Apex.PlaceOrderAsync(apexOrder).WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(ftmo.IsCompleted, Is.False, "FTMO is still waiting out its Retry-After");
        });
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.That((await ftmo.WaitAsync(TestHost.RealTimeLimit)).Status, Is.EqualTo(ConnectorStatus.Success));
        host.VerifyAllRequests(ftmo: 2, apex: 1);
    }
}
