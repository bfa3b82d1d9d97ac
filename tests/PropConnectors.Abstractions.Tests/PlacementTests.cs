using System.Net;
using System.Text.Json;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>CONTRACT §2, §3 and §5: what one placement sends and what it answers, row by row.</summary>
public sealed class PlacementTests
{
    [Test]
    public async Task PlaceOrderAsync_DryRunByDefault_SkippedAndSendsNothing()
    {
        using var host = TestHost.Create(s => s.Global = null);
        OrderRequest order = TestOrders.Ftmo();

        ConnectorResult ftmo = await host.Ftmo.PlaceOrderAsync(order);
        ConnectorResult apex = await host.Apex.PlaceOrderAsync(TestOrders.Apex());

        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
            Assert.That(ftmo.ErrorMessage, Does.Contain("Dry-run"));
            Assert.That(ftmo.Attempts, Is.Zero);
            Assert.That(ftmo.ClientOrderId, Is.EqualTo(order.ClientOrderId));
            Assert.That(ftmo.RawRequest?.Method, Is.EqualTo("POST"));
            Assert.That(ftmo.RawRequest?.Url, Is.EqualTo(TestHost.FtmoOrders));
            Assert.That(ftmo.RawRequest?.Body?.GetProperty("symbol").GetString(), Is.EqualTo("EURUSD"));
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(apex.ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
        });
        host.VerifyAllRequests(ftmo: 0, apex: 0);
    }

    [Test]
    public async Task PlaceOrderAsync_DryRunAndFirmNotConfigured_SkippedWithPreviewOfTheRefusal()
    {
        using var host = TestHost.Create(s =>
        {
            s.Global = null;
            s.Configuration["FTMO_ENABLED"] = "false";
        });

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
            Assert.That(result.ErrorMessage, Does.Contain(ConnectorErrorCodes.ConnectorNotConfigured));
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [TestCase("FTMO_ENABLED", "false", "FTMO_ENABLED")]
    [TestCase("FTMO_ENABLED", null, "FTMO_ENABLED")]
    [TestCase("FTMO_API_KEY", null, "FTMO_API_KEY")]
    [TestCase("FTMO_API_KEY", "   ", "FTMO_API_KEY")]
    [TestCase("FTMO_BASE_URL", null, "FTMO_BASE_URL")]
    [TestCase("FTMO_BASE_URL", "http://api.ftmo.test/v1", "https")]
    [TestCase("FTMO_BASE_URL", "http://10.1.2.3/v1", "https")]
    [TestCase("FTMO_BASE_URL", "api.ftmo.test/v1", "absolute")]
    [TestCase("FTMO_BASE_URL", "ftp://api.ftmo.test/v1", "absolute")]
    [TestCase("FTMO_BASE_URL", "https://user:pw@api.ftmo.test/v1", "credentials")]
    public async Task PlaceOrderAsync_FirmNotConfigured_ConnectorNotConfiguredAndSendsNothing(string key, string? value, string named)
    {
        using var host = TestHost.Create(s => s.Configuration[key] = value);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
            Assert.That(result.ErrorMessage, Does.Contain(named));
            Assert.That(result.Attempts, Is.Zero);
            Assert.That(host.Ftmo.GetConfigurationProblem(), Is.EqualTo(result.ErrorMessage));
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [TestCase("http://127.0.0.1:5080/v1")]
    [TestCase("http://localhost:5080/v1")]
    [TestCase("http://[::1]:5080/v1")]
    public async Task PlaceOrderAsync_PlainHttpToLoopback_Allowed(string baseUrl)
    {
        using var host = TestHost.Create(s => s.Configuration["FTMO_BASE_URL"] = baseUrl);
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(baseUrl + "/orders", order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ToString());
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task PlaceOrderAsync_SymbolTheFirmDoesNotTrade_UnsupportedSymbolAndSendsNothing()
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo() with { Symbol = "NQ" };

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.UnsupportedSymbol));
            Assert.That(result.ErrorMessage, Does.Contain("NQ").And.Contain("FTMO_SUPPORTED_SYMBOLS"));
            Assert.That(result.ClientOrderId, Is.EqualTo(order.ClientOrderId));
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task PlaceOrderAsync_SymbolInOtherCase_SupportedAndSent()
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo() with { Symbol = "eurusd" };
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(host.Ftmo.SupportsSymbol("us100.CASH"), Is.True);
            Assert.That(host.Ftmo.SupportsSymbol("NQ"), Is.False);
            Assert.That(host.Apex.SupportsSymbol("nq"), Is.True);
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    private static IEnumerable<TestCaseData> InvalidOrders()
    {
        OrderRequest valid = TestOrders.Ftmo();
        yield return new TestCaseData(valid with { Symbol = "" }, "symbol").SetName("PlaceOrderAsync_NoSymbol_InvalidOrder");
        yield return new TestCaseData(valid with { Symbol = "   " }, "symbol").SetName("PlaceOrderAsync_BlankSymbol_InvalidOrder");
        yield return new TestCaseData(valid with { Side = (OrderSide)0 }, "side").SetName("PlaceOrderAsync_NoSide_InvalidOrder");
        yield return new TestCaseData(valid with { Quantity = 0m }, "quantity").SetName("PlaceOrderAsync_QuantityZero_InvalidOrder");
        yield return new TestCaseData(valid with { Quantity = -1m }, "quantity").SetName("PlaceOrderAsync_QuantityNegative_InvalidOrder");
        yield return new TestCaseData(valid with { OrderType = OrderType.Limit }, "entry_price").SetName("PlaceOrderAsync_LimitWithoutEntryPrice_InvalidOrder");
        yield return new TestCaseData(valid with { OrderType = OrderType.Stop }, "entry_price").SetName("PlaceOrderAsync_StopWithoutEntryPrice_InvalidOrder");
        yield return new TestCaseData(valid with { ClientOrderId = "" }, "client_order_id").SetName("PlaceOrderAsync_EmptyClientOrderId_InvalidOrder");
        yield return new TestCaseData(valid with { ClientOrderId = "has space" }, "client_order_id").SetName("PlaceOrderAsync_ClientOrderIdWithSpace_InvalidOrder");
        yield return new TestCaseData(valid with { ClientOrderId = "a/b" }, "client_order_id").SetName("PlaceOrderAsync_ClientOrderIdWithSlash_InvalidOrder");
        yield return new TestCaseData(valid with { ClientOrderId = new string('a', 41) }, "client_order_id").SetName("PlaceOrderAsync_ClientOrderIdTooLong_InvalidOrder");
    }

    [TestCaseSource(nameof(InvalidOrders))]
    public async Task PlaceOrderAsync_InvalidOrder_InvalidOrderAndSendsNothing(OrderRequest order, string field)
    {
        using var host = TestHost.Create();

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(result.ErrorMessage, Does.Contain(field));
            Assert.That(result.Attempts, Is.Zero);
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task PlaceOrderAsync_InvalidOrderUnderDryRun_InvalidOrderNotSkipped()
    {
        using var host = TestHost.Create(s => s.Global = null);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo() with { Quantity = 0m });

        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task PlaceOrderAsync_NullOrder_InvalidOrder()
    {
        using var host = TestHost.Create();

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(null!);

        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task PlaceOrderAsync_QuantityAboveDefaultLimit_PositionLimitExceededAndSendsNothing()
    {
        using var host = TestHost.Create();

        ConnectorResult ftmo = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo(quantity: 51m));
        ConnectorResult apex = await host.Apex.PlaceOrderAsync(TestOrders.Apex(quantity: 21m));

        Assert.Multiple(() =>
        {
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.PositionLimitExceeded));
            Assert.That(ftmo.ErrorMessage, Does.Contain("51").And.Contain("50"));
            Assert.That(apex.ErrorCode, Is.EqualTo(ConnectorErrorCodes.PositionLimitExceeded));
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Failed));
        });
        host.VerifyAllRequests(ftmo: 0, apex: 0);
    }

    [Test]
    public async Task PlaceOrderAsync_QuantityAtConfiguredLimit_SentAndAboveItRefused()
    {
        using var host = TestHost.Create(s => s.Configuration["FTMO_MAX_POSITION_SIZE"] = "2.5");
        OrderRequest atLimit = TestOrders.Ftmo("task-at-limit", 2.5m);
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, atLimit.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult above = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo("task-above", 2.6m));
        ConnectorResult at = await host.Ftmo.PlaceOrderAsync(atLimit);

        Assert.Multiple(() =>
        {
            Assert.That(above.ErrorCode, Is.EqualTo(ConnectorErrorCodes.PositionLimitExceeded));
            Assert.That(at.Status, Is.EqualTo(ConnectorStatus.Success));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [TestCase(HttpStatusCode.OK, "FILLED")]
    [TestCase(HttpStatusCode.Created, "ACCEPTED")]
    public async Task PlaceOrderAsync_Firm2xxWithOrderId_SuccessAfterOneRequest(HttpStatusCode status, string orderStatus)
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();
        string answer = $$"""{"order_id":"FTMO_12345","status":"{{orderStatus}}"}""";
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(status, answer);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.IsSuccess, Is.True);
            Assert.That(result.FirmCode, Is.EqualTo("FTMO"));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_12345"));
            Assert.That(result.OrderStatus, Is.EqualTo(orderStatus));
            Assert.That(result.ClientOrderId, Is.EqualTo(order.ClientOrderId));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.ErrorCode, Is.Null);
            Assert.That(result.ErrorMessage, Is.Null);
            Assert.That(result.RawRequest?.Method, Is.EqualTo("POST"));
            Assert.That(result.RawRequest?.Url, Is.EqualTo(TestHost.FtmoOrders));
            Assert.That(result.RawRequest?.Body?.GetProperty("client_order_id").GetString(), Is.EqualTo(order.ClientOrderId));
            Assert.That(result.RawResponse?.GetRawText(), Is.EqualTo(answer));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task PlaceOrderAsync_NumericOrderId_KeptAsText()
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, """{"order_id":987654,"status":"FILLED"}""");

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.That(result.ExternalOrderId, Is.EqualTo("987654"));
        host.VerifyAllRequests(ftmo: 1);
    }

    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    public async Task PlaceOrderAsync_FirmRefusesKey_AuthFailedAfterExactlyOneRequest(HttpStatusCode status)
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(status, """{"error":"invalid api key"}""");

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.AuthFailed));
            Assert.That(result.ErrorMessage, Does.Contain("invalid api key").And.Contain(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(result.Attempts, Is.EqualTo(1));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [TestCase(HttpStatusCode.BadRequest, """{"error":"insufficient margin"}""", "insufficient margin")]
    [TestCase(HttpStatusCode.NotFound, """{"message":"account 7 not found"}""", "account 7 not found")]
    [TestCase(HttpStatusCode.Conflict, """{"error":"duplicate order"}""", "duplicate order")]
    [TestCase(HttpStatusCode.UnprocessableEntity, """{"message":"market closed"}""", "market closed")]
    [TestCase(HttpStatusCode.UnprocessableEntity, "market closed (plain text)", "market closed (plain text)")]
    public async Task PlaceOrderAsync_Firm4xx_OrderRejectedWithFirmText(HttpStatusCode status, string body, string text)
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Apex();
        host.ApexHttp.ExpectPost(TestHost.ApexOrders, order.ClientOrderId).RespondJson(status, body);

        ConnectorResult result = await host.Apex.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(result.ErrorMessage, Does.Contain(text));
            Assert.That(result.ErrorMessage, Does.Contain("Apex Trader Funding"));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.ClientOrderId, Is.EqualTo(order.ClientOrderId));
        });
        host.VerifyAllRequests(ftmo: 0, apex: 1);
    }

    [TestCase("not json at all")]
    [TestCase("<html>gateway</html>")]
    [TestCase("""{"status":"FILLED"}""")]
    [TestCase("""{"order_id":"","status":"FILLED"}""")]
    [TestCase("""["FTMO_1"]""")]
    [TestCase("")]
    public async Task PlaceOrderAsync_Firm2xxWithoutUsableOrderId_InvalidResponseAfterOneRequest(string body)
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, body);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidResponse));
            Assert.That(result.ErrorMessage, Does.Contain(order.ClientOrderId), "tells the host how to look the order up");
            Assert.That(result.Attempts, Is.EqualTo(1));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task PlaceOrderAsync_OversizedAnswer_InvalidResponseAfterOneRequest(bool declaresLength)
    {
        using var host = TestHost.Create(s => s.Configuration["PropConnectors:Firms:FTMO:MaxResponseBytes"] = "2048");
        OrderRequest order = TestOrders.Ftmo();
        string huge = """{"order_id":"FTMO_1","status":"FILLED","padding":""" + "\"" + new string('x', 5000) + "\"}";
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).Respond((Func<HttpRequestMessage, HttpResponseMessage>)(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = declaresLength ? new StringContent(huge) : new StreamContent(new UnseekableStream(System.Text.Encoding.UTF8.GetBytes(huge))),
        }));

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidResponse));
            Assert.That(result.ErrorMessage, Does.Contain("2048"));
            Assert.That(result.RawResponse, Is.Null);
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task PlaceOrderAsync_ConnectorThrows_ConnectorErrorAndNoExceptionEscapes()
    {
        using var host = TestHost.Create(s =>
        {
            foreach ((string key, string? value) in AcmeConnector.Configuration)
            {
                s.Configuration[key] = value;
            }

            s.Builder = b => b.AddConnector<AcmeConnector>(AcmeConnector.Profile);
        });
        var acme = (AcmeConnector)host.Registry.Connectors.Single(c => c.FirmCode == "ACME");
        acme.Behaviour = _ => throw new InvalidOperationException("boom");
        OrderRequest order = TestOrders.Ftmo() with { Symbol = "ACME1", ClientOrderId = ClientOrderIds.Create("task-42", "ACME") };

        ConnectorResult placed = await acme.PlaceOrderAsync(order);
        ConnectorResult status = await acme.GetOrderStatusAsync("ACME-1");

        Assert.Multiple(() =>
        {
            Assert.That(placed.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(placed.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorError));
            Assert.That(placed.ErrorMessage, Does.Contain("InvalidOperationException").And.Contain("boom"));
            Assert.That(placed.ClientOrderId, Is.EqualTo(order.ClientOrderId));
            Assert.That(acme.Sent, Is.EqualTo(1));
            Assert.That(status.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorError));
        });
    }

    [TestCase(FirmReplyKind.Accepted, ConnectorStatus.Success, null)]
    [TestCase(FirmReplyKind.NotFound, ConnectorStatus.Failed, ConnectorErrorCodes.ConnectorError)]
    [TestCase(FirmReplyKind.Unavailable, ConnectorStatus.Unknown, ConnectorErrorCodes.ConnectorError)]
    public async Task PlaceOrderAsync_ConnectorThrowsWhileSending_LooksUpBeforeCallingItFailed(FirmReplyKind lookup, ConnectorStatus expected, string? errorCode)
    {
        using var host = TestHost.Create(s =>
        {
            foreach ((string key, string? value) in AcmeConnector.Configuration)
            {
                s.Configuration[key] = value;
            }

            s.Builder = b => b.AddConnector<AcmeConnector>(AcmeConnector.Profile);
        });
        var acme = (AcmeConnector)host.Registry.Connectors.Single(c => c.FirmCode == "ACME");
        acme.Behaviour = _ => throw new InvalidOperationException("parse failed after the request went out");
        acme.FindBehaviour = id => lookup == FirmReplyKind.Accepted ? FirmReply.Accepted("ACME-held-1", "FILLED") : FirmReply.Of(lookup);
        OrderRequest order = TestOrders.Ftmo() with { Symbol = "ACME1", ClientOrderId = ClientOrderIds.Create("task-throws", "ACME") };

        ConnectorResult placed = await acme.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(placed.Status, Is.EqualTo(expected));
            Assert.That(placed.ErrorCode, Is.EqualTo(errorCode));
            Assert.That(placed.ExternalOrderId, expected == ConnectorStatus.Success ? Is.EqualTo("ACME-held-1") : Is.Null);
            Assert.That(placed.ClientOrderId, Is.EqualTo(order.ClientOrderId));
            Assert.That(acme.Sent, Is.EqualTo(1), "a connector that threw is never sent the order again");
            Assert.That(acme.Lookups, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task PlaceOrderAsync_CallerReadGateAsOnButGateIsNowOff_SkipsAndSendsNothing()
    {
        // A router reads the gate once per task; a task it reports as dry-run must never send, even if the gate
        // was switched off in between (regression: the connector used to read the gate again on its own).
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order, new PlacementOptions { MaxAttempts = 1, Preview = true }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
            Assert.That(result.RawRequest?.Method, Is.EqualTo("POST"), "the preview shows what would be sent");
            Assert.That(result.Attempts, Is.Zero);
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public void PlaceOrderAsync_CallerCancelledBefore_ThrowsOperationCanceledAndSendsNothing()
    {
        using var host = TestHost.Create();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(async () => await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo(), cts.Token), Throws.InstanceOf<OperationCanceledException>());
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task PlaceOrderAsync_CallerCancelsWhileFirmIsSilent_ThrowsOperationCanceled()
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondForever();
        using var cts = new CancellationTokenSource();

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order, cts.Token);
        await host.FtmoRequests.WaitForCountAsync(1);
        await cts.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task AuthenticateAsync_Configured_SuccessWithoutRequest()
    {
        using var host = TestHost.Create();

        ConnectorResult result = await host.Ftmo.AuthenticateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.Attempts, Is.Zero);
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task AuthenticateAsync_NoKey_ConnectorNotConfigured()
    {
        using var host = TestHost.Create(s => s.Configuration["FTMO_API_KEY"] = null);

        ConnectorResult result = await host.Ftmo.AuthenticateAsync();

        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task PlaceOrderAsync_AnyRequest_CarriesBearerKeyJsonAcceptAndSdkUserAgent()
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.ServiceUnavailable);
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_12345").RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);
        host.FtmoHttp.Expect(HttpMethod.Delete, TestHost.FtmoOrders + "/FTMO_12345").RespondStatus(HttpStatusCode.NoContent);

        await host.Ftmo.PlaceOrderAsync(order);
        await host.Ftmo.GetOrderStatusAsync("FTMO_12345");
        await host.Ftmo.CancelOrderAsync("FTMO_12345");
        await host.Ftmo.FindOrderAsync(order.ClientOrderId);

        host.FtmoHttp.VerifyNoOutstandingExpectation();
        IReadOnlyList<SentRequest> sent = host.FtmoRequests.All;
        Assert.That(sent.Select(r => r.Method.Method), Is.EqualTo(new[] { "POST", "GET", "GET", "DELETE", "GET" }));
        Assert.Multiple(() =>
        {
            foreach (SentRequest request in sent)
            {
                Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + TestHost.FtmoKey), request.PathAndQuery);
                Assert.That(request.Header("Accept"), Is.EqualTo("application/json"), request.PathAndQuery);
                Assert.That(request.Header("User-Agent"), Does.StartWith("PropConnectors/"), request.PathAndQuery);
                Assert.That(request.Header("Idempotency-Key"), request.Method == HttpMethod.Post ? Is.EqualTo(order.ClientOrderId) : Is.Null, request.PathAndQuery);
            }
        });
    }

    [Test]
    public async Task PlaceOrderAsync_FullOrder_PostsExactlyTheContractBody()
    {
        using var host = TestHost.Create();
        var order = new OrderRequest
        {
            ClientOrderId = "pc-3f1c9a0e7b2d4c11",
            Symbol = "NQ",
            Side = OrderSide.Buy,
            Quantity = 1m,
            OrderType = OrderType.Market,
            EntryPrice = 4156.25m,
            StopLoss = 4150.00m,
            Session = "NY AM",
            Bias = "Bullish",
            RiskPercent = 0.01m,
            ProgramIds = [1, 5],
        };
        host.ApexHttp.ExpectPost(TestHost.ApexOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, """{"order_id":"APEX_1","status":"ACCEPTED"}""");

        await host.Apex.PlaceOrderAsync(order);

        host.VerifyAllRequests(ftmo: 0, apex: 1);
        SentRequest sent = host.ApexRequests.All[0];
        using JsonDocument body = JsonDocument.Parse(sent.Body!);
        using JsonDocument contract = JsonDocument.Parse("""
            {
              "client_order_id": "pc-3f1c9a0e7b2d4c11",
              "symbol": "NQ",
              "side": "BUY",
              "quantity": 1,
              "order_type": "MARKET",
              "entry_price": 4156.25,
              "stop_loss": 4150.00,
              "session": "NY AM",
              "bias": "Bullish",
              "risk_percent": 0.01,
              "program_ids": [1, 5]
            }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(sent.PathAndQuery, Is.EqualTo("/v2/orders"));
            Assert.That(sent.ContentType, Does.StartWith("application/json"));
            Assert.That(JsonElement.DeepEquals(body.RootElement, contract.RootElement), Is.True, sent.Body);
            Assert.That(body.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(contract.RootElement.EnumerateObject().Select(p => p.Name)));
            foreach (string number in new[] { "quantity", "entry_price", "stop_loss", "risk_percent" })
            {
                Assert.That(body.RootElement.GetProperty(number).ValueKind, Is.EqualTo(JsonValueKind.Number), number);
            }
        });
    }

    [Test]
    public async Task PlaceOrderAsync_MinimalSellOrder_AbsentFieldsStayAbsent()
    {
        using var host = TestHost.Create();
        var order = new OrderRequest { ClientOrderId = "pc-min", Symbol = "XAUUSD", Side = OrderSide.Sell, Quantity = 0.5m, OrderType = OrderType.Limit, EntryPrice = 2400.5m };
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        await host.Ftmo.PlaceOrderAsync(order);

        host.VerifyAllRequests(ftmo: 1);
        Assert.That(host.FtmoRequests.All[0].Body, Is.EqualTo("""{"client_order_id":"pc-min","symbol":"XAUUSD","side":"SELL","quantity":0.5,"order_type":"LIMIT","entry_price":2400.5}"""));
    }

    [TestCase("https://api.ftmo.test/v1", "/v1/orders")]
    [TestCase("https://api.ftmo.test/v1/", "/v1/orders")]
    [TestCase("https://api.ftmo.test", "/orders")]
    [TestCase("https://api.ftmo.test/prop/api/v3", "/prop/api/v3/orders")]
    public async Task PlaceOrderAsync_BaseUrlWithPath_PathKept(string baseUrl, string path)
    {
        using var host = TestHost.Create(s => s.Configuration["FTMO_BASE_URL"] = baseUrl);
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost("https://api.ftmo.test" + path, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(host.FtmoRequests.All.Single().PathAndQuery, Is.EqualTo(path));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    /// <summary>A body stream whose length is not known up front (chunked transfer).</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
