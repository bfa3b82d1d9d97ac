using System.Net;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>CONTRACT §3 and §5 for order status, cancel and find-by-client-id: URLs, escaping, and the result of each answer.</summary>
public sealed class StatusCancelTests
{
    [Test]
    public async Task GetOrderStatusAsync_Firm200_SuccessWithStatus()
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_12345").RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_12345","status":"PARTIALLY_FILLED"}""");

        ConnectorResult result = await host.Ftmo.GetOrderStatusAsync("FTMO_12345");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_12345"));
            Assert.That(result.OrderStatus, Is.EqualTo("PARTIALLY_FILLED"));
            Assert.That(result.RawRequest?.Method, Is.EqualTo("GET"));
            Assert.That(result.RawRequest?.Url, Is.EqualTo(TestHost.FtmoOrders + "/FTMO_12345"));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [TestCase(HttpStatusCode.OK, """{"order_id":"FTMO_1","status":"CANCELLED"}""")]
    [TestCase(HttpStatusCode.Accepted, "")]
    [TestCase(HttpStatusCode.NoContent, "")]
    public async Task CancelOrderAsync_Firm2xx_Success(HttpStatusCode status, string body)
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(HttpMethod.Delete, TestHost.FtmoOrders + "/FTMO_1").Respond(_ => body.Length == 0 ? new HttpResponseMessage(status) : Answer.Json(status, body));

        ConnectorResult result = await host.Ftmo.CancelOrderAsync("FTMO_1");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ToString());
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_1"));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task GetOrderStatusAndCancel_Firm404_OrderNotFound()
    {
        using var host = TestHost.Create();
        host.ApexHttp.Expect(HttpMethod.Get, TestHost.ApexOrders + "/APEX_9").RespondJson(HttpStatusCode.NotFound, """{"error":"order APEX_9 unknown"}""");
        host.ApexHttp.Expect(HttpMethod.Delete, TestHost.ApexOrders + "/APEX_9").RespondJson(HttpStatusCode.NotFound, """{"message":"nothing to cancel"}""");

        ConnectorResult status = await host.Apex.GetOrderStatusAsync("APEX_9");
        ConnectorResult cancel = await host.Apex.CancelOrderAsync("APEX_9");

        Assert.Multiple(() =>
        {
            Assert.That(status.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(status.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderNotFound));
            Assert.That(status.ErrorMessage, Does.Contain("order APEX_9 unknown"));
            Assert.That(cancel.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(cancel.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderNotFound));
            Assert.That(cancel.ErrorMessage, Does.Contain("nothing to cancel"));
        });
        host.VerifyAllRequests(ftmo: 0, apex: 2);
    }

    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    public async Task GetOrderStatusAsync_FirmRefusesKey_AuthFailedAfterOneRequest(HttpStatusCode status)
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").RespondJson(status, """{"error":"token expired"}""");

        ConnectorResult result = await host.Ftmo.GetOrderStatusAsync("FTMO_1");

        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.AuthFailed));
            Assert.That(result.ErrorMessage, Does.Contain("token expired"));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Conflict)]
    [TestCase(HttpStatusCode.UnprocessableEntity)]
    public async Task CancelOrderAsync_FirmRefuses_OrderRejectedWithFirmText(HttpStatusCode status)
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(HttpMethod.Delete, TestHost.FtmoOrders + "/FTMO_1").RespondJson(status, """{"error":"already filled"}""");

        ConnectorResult result = await host.Ftmo.CancelOrderAsync("FTMO_1");

        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(result.ErrorMessage, Does.Contain("already filled"));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task CancelOrderAsync_503UntilBudget_UnknownBecauseTheCancelMayHaveTakenEffect()
    {
        using var host = TestHost.Create();
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.Expect(HttpMethod.Delete, TestHost.FtmoOrders + "/FTMO_1").RespondStatus(HttpStatusCode.ServiceUnavailable);
        }

        ConnectorResult result = await host.Ftmo.CancelOrderAsync("FTMO_1");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Unknown));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
        });
        host.VerifyAllRequests(ftmo: 3);
    }

    [TestCase("a/b", "/v1/orders/a%2Fb")]
    [TestCase("a b", "/v1/orders/a%20b")]
    [TestCase("x?y=1#z", "/v1/orders/x%3Fy%3D1%23z")]
    [TestCase("../admin", "/v1/orders/..%2Fadmin")]
    [TestCase("%2e%2e", "/v1/orders/%252e%252e")]
    [TestCase("FTMO_1.2", "/v1/orders/FTMO_1.2")]
    [TestCase("Ünï", "/v1/orders/%C3%9Cn%C3%AF")]
    public async Task GetOrderStatusAsync_IdWithReservedCharacters_EscapedAsOneSegment(string orderId, string path)
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(HttpMethod.Get, "https://api.ftmo.test/*").RespondJson(HttpStatusCode.OK, """{"order_id":"X","status":"FILLED"}""");
        host.FtmoHttp.Expect(HttpMethod.Delete, "https://api.ftmo.test/*").RespondStatus(HttpStatusCode.NoContent);

        await host.Ftmo.GetOrderStatusAsync(orderId);
        await host.Ftmo.CancelOrderAsync(orderId);

        host.VerifyAllRequests(ftmo: 2);
        Assert.That(host.FtmoRequests.All.Select(r => r.Uri.AbsolutePath), Is.EqualTo(new[] { path, path }));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(".")]
    [TestCase("..")]
    [TestCase(null)]
    [TestCase("a\nb")]
    public async Task GetOrderStatusAndCancel_UnsafeId_RefusedBeforeAnyRequest(string? orderId)
    {
        using var host = TestHost.Create();

        ConnectorResult status = await host.Ftmo.GetOrderStatusAsync(orderId!);
        ConnectorResult cancel = await host.Ftmo.CancelOrderAsync(orderId!);

        Assert.Multiple(() =>
        {
            Assert.That(status.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(status.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(status.ErrorMessage, Does.Contain("order id"));
            Assert.That(cancel.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task GetOrderStatusAsync_BaseUrlPath_Kept()
    {
        using var host = TestHost.Create(s => s.Configuration["APEX_BASE_URL"] = "https://api.apex.test/prop/v9/");
        host.ApexHttp.Expect(HttpMethod.Get, "https://api.apex.test/prop/v9/orders/APEX_1").RespondJson(HttpStatusCode.OK, """{"order_id":"APEX_1","status":"FILLED"}""");

        ConnectorResult result = await host.Apex.GetOrderStatusAsync("APEX_1");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(host.ApexRequests.All.Single().PathAndQuery, Is.EqualTo("/prop/v9/orders/APEX_1"));
        });
        host.VerifyAllRequests(ftmo: 0, apex: 1);
    }

    [Test]
    public async Task FindOrderAsync_FirmHoldsOrder_SuccessWithItsId()
    {
        using var host = TestHost.Create();
        string clientOrderId = ClientOrderIds.Create("task-42", "FTMO");
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, clientOrderId).RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_3","status":"FILLED"}""");

        ConnectorResult result = await host.Ftmo.FindOrderAsync(clientOrderId);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_3"));
            Assert.That(result.ClientOrderId, Is.EqualTo(clientOrderId));
            Assert.That(host.FtmoRequests.All.Single().PathAndQuery, Is.EqualTo("/v1/orders?client_order_id=" + clientOrderId));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task FindOrderAsync_Firm404_OrderNotFound()
    {
        using var host = TestHost.Create();
        string clientOrderId = ClientOrderIds.Create("task-42", "FTMO");
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, clientOrderId).RespondStatus(HttpStatusCode.NotFound);

        ConnectorResult result = await host.Ftmo.FindOrderAsync(clientOrderId);

        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderNotFound));
        host.VerifyAllRequests(ftmo: 1);
    }

    [TestCase("")]
    [TestCase("a&b=c")]
    [TestCase("x y")]
    public async Task FindOrderAsync_MalformedClientOrderId_RefusedBeforeAnyRequest(string clientOrderId)
    {
        using var host = TestHost.Create();

        ConnectorResult result = await host.Ftmo.FindOrderAsync(clientOrderId);

        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task StatusCancelFind_DryRun_SkippedWithoutRequest()
    {
        using var host = TestHost.Create(s => s.Global = null);

        ConnectorResult status = await host.Ftmo.GetOrderStatusAsync("FTMO_1");
        ConnectorResult cancel = await host.Ftmo.CancelOrderAsync("FTMO_1");
        ConnectorResult find = await host.Ftmo.FindOrderAsync(ClientOrderIds.Create("t", "FTMO"));

        Assert.That(new[] { status, cancel, find }.Select(r => r.ErrorCode), Is.All.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task StatusCancelFind_NotConfigured_ConnectorNotConfiguredWithoutRequest()
    {
        using var host = TestHost.Create(s => s.Configuration["FTMO_BASE_URL"] = "http://api.ftmo.test/v1");

        ConnectorResult status = await host.Ftmo.GetOrderStatusAsync("FTMO_1");
        ConnectorResult cancel = await host.Ftmo.CancelOrderAsync("FTMO_1");
        ConnectorResult find = await host.Ftmo.FindOrderAsync(ClientOrderIds.Create("t", "FTMO"));

        Assert.That(new[] { status, cancel, find }.Select(r => r.ErrorCode), Is.All.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task GetOrderStatusAsync_Firm2xxNotJson_InvalidResponse()
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").RespondJson(HttpStatusCode.OK, "<html>proxy login</html>");

        ConnectorResult result = await host.Ftmo.GetOrderStatusAsync("FTMO_1");

        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidResponse));
        host.VerifyAllRequests(ftmo: 1);
    }
}
