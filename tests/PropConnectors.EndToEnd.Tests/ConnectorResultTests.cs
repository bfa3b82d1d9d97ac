using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>Every row of CONTRACT §5, end to end: router → connector → HTTP → sandbox firm.</summary>
[TestFixture]
public sealed class ConnectorResultTests
{
    private SandboxEnvironment _sandbox = null!;

    [SetUp]
    public async Task StartSandbox() => _sandbox = await SandboxEnvironment.StartAsync();

    [TearDown]
    public async Task StopSandbox() => await _sandbox.DisposeAsync();

    [TestCase(null)]
    [TestCase("true")]
    [TestCase("ON")]
    [TestCase("maybe")]
    public async Task ExecuteAsync_DryRunOn_SkippedWithNoRequest(string? dryRun)
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["EXECUTION_DRY_RUN"] = dryRun;
        using RouterHost host = _sandbox.CreateHost(settings);
        ExecutionTask task = Tasks.Create(Tasks.NewId("dry"), ["FTMO", "APEX"]);

        ExecutionResult result = await host.RouteAsync(task);

        Assert.Multiple(() =>
        {
            Assert.That(result.DryRun, Is.True);
            Assert.That(result.Routed, Is.False);
            Assert.That(result.Details, Is.EqualTo(ExecutionRouter.DryRunDetails));
            Assert.That(result.ConnectorResults.Select(r => r.FirmCode), Is.EqualTo(new[] { "FTMO", "APEX" }));
            Assert.That(result.ConnectorResults.Select(r => r.Status), Has.All.EqualTo(ConnectorStatus.Skipped));
            Assert.That(result.ConnectorResults.Select(r => r.ErrorCode), Has.All.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
            Assert.That(result.ConnectorResults.Select(r => r.Attempts), Has.All.Zero);
            Assert.That(result.For("APEX").RawRequest?.Url, Is.EqualTo(_sandbox.Apex.BaseUrl + "/orders"), "the preview names what live mode would send");
            Assert.That(result.For("APEX").RawRequest?.Body?.GetProperty("client_order_id").GetString(), Is.EqualTo(ClientOrderIds.Create(task.Id, "APEX")));
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty);
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
        });
        host.AssertNoSecretIn(result.ToString());
    }

    [Test]
    public async Task ExecuteAsync_DryRunTurnedOnWhileRunning_NextTaskSkippedWithNoRequest()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionResult live = await host.RouteAsync(Tasks.Create(Tasks.NewId("live"), ["FTMO", "APEX"]));

        host.Configuration["EXECUTION_DRY_RUN"] = "on";
        host.Configuration.Reload();
        ExecutionResult gated = await host.RouteAsync(Tasks.Create(Tasks.NewId("gated"), ["FTMO", "APEX"]));

        Assert.Multiple(() =>
        {
            Assert.That(live.ConnectorResults.Select(r => r.Status), Has.All.EqualTo(ConnectorStatus.Success));
            Assert.That(gated.DryRun, Is.True);
            Assert.That(gated.ConnectorResults.Select(r => r.ErrorCode), Has.All.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
            Assert.That(_sandbox.Ftmo.Requests, Has.Count.EqualTo(1), "only the live task reached the firm");
            Assert.That(_sandbox.Apex.Requests, Has.Count.EqualTo(1));
        });
    }

    [TestCase("FTMO_ENABLED", "false")]
    [TestCase("FTMO_API_KEY", null)]
    [TestCase("FTMO_BASE_URL", null)]
    [TestCase("FTMO_BASE_URL", "http://example.com/v1")]
    public async Task ExecuteAsync_FirmNotConfigured_ConnectorNotConfiguredWithNoRequest(string key, string? value)
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings[key] = value;
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("notcfg"), ["FTMO", "APEX"]));

        ConnectorResult ftmo = result.For("FTMO");
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
            Assert.That(ftmo.ErrorMessage, Is.Not.Empty);
            Assert.That(ftmo.Attempts, Is.Zero);
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty);
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), "one firm's failure never changes another's result");
            Assert.That(_sandbox.Apex.Requests, Has.Count.EqualTo(1));
        });
        host.AssertNoSecretIn(result.ToString());
    }

    [Test]
    public async Task ExecuteAsync_UnknownFirmCode_UnknownFirmWithNoRequest()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("unknown"), ["acme", "APEX"]));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults, Has.Count.EqualTo(2));
            Assert.That(result.ConnectorResults[0].FirmCode, Is.EqualTo("ACME"));
            Assert.That(result.ConnectorResults[0].Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ConnectorResults[0].ErrorCode, Is.EqualTo(ConnectorErrorCodes.UnknownFirm));
            Assert.That(result.ConnectorResults[0].Attempts, Is.Zero);
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.Routed, Is.True);
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty, "a firm the task does not name gets nothing");
            Assert.That(_sandbox.Apex.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task ExecuteAsync_SymbolTheFirmDoesNotTrade_UnsupportedSymbolWithNoRequest()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        // FTMO_SUPPORTED_SYMBOLS lists NQ, US100.cash and EURUSD; Apex's default list has CL.
        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("symbol"), ["FTMO", "APEX"], p => p["symbol"] = "CL"));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.UnsupportedSymbol));
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty);
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(_sandbox.Apex.Orders.Single().Symbol, Is.EqualTo("CL"));
        });
    }

    private static IEnumerable<TestCaseData> InvalidOrders()
    {
        yield return Case("quantity 0", p => p["quantity"] = 0);
        yield return Case("quantity -1", p => p["quantity"] = -1);
        yield return Case("quantity NaN", p => p["quantity"] = "NaN");
        yield return Case("no symbol", p => p.Remove("symbol"));
        yield return Case("no side, no bias", p =>
        {
            p.Remove("side");
            p.Remove("bias");
        });
        yield return Case("LIMIT without price", p =>
        {
            p["order_type"] = "LIMIT";
            p.Remove("entry_price");
        });

        static TestCaseData Case(string what, Action<JsonObject> change) => new TestCaseData(what, change).SetArgDisplayNames(what);
    }

    [TestCaseSource(nameof(InvalidOrders))]
    public async Task ExecuteAsync_InvalidOrder_InvalidOrderWithNoRequest(string what, Action<JsonObject> change)
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("invalid"), ["FTMO", "APEX"], change));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults, Has.Count.EqualTo(2), what);
            Assert.That(result.ConnectorResults.Select(r => r.Status), Has.All.EqualTo(ConnectorStatus.Failed), what);
            Assert.That(result.ConnectorResults.Select(r => r.ErrorCode), Has.All.EqualTo(ConnectorErrorCodes.InvalidOrder), what);
            Assert.That(result.Routed, Is.False);
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty, what);
            Assert.That(_sandbox.Apex.Requests, Is.Empty, what);
        });
    }

    [Test]
    public async Task ExecuteAsync_QuantityAboveConfiguredMaxPosition_PositionLimitExceededWithNoRequest()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["APEX_MAX_POSITION_SIZE"] = "2";
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("limit"), ["FTMO", "APEX"], p => p["quantity"] = 3));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.PositionLimitExceeded));
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Success), "FTMO's default limit (50) allows 3");
            Assert.That(_sandbox.Ftmo.Orders.Single().Quantity, Is.EqualTo(3m));
        });
    }

    [Test]
    public async Task ExecuteAsync_FirmAccepts_SuccessWithExactlyTheContractBody()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("ok"), ["FTMO", "APEX"]);

        ExecutionResult result = await host.RouteAsync(task);

        Assert.Multiple(() =>
        {
            Assert.That(result.DryRun, Is.False);
            Assert.That(result.Routed, Is.True);
            Assert.That(result.TaskId, Is.EqualTo(task.Id));
            Assert.That(result.TradeId, Is.EqualTo(task.TradeId));
            Assert.That(result.EventType, Is.EqualTo("ENTRY"));
            Assert.That(result.Details, Is.EqualTo("routed to 2 of 2 firms: FTMO SUCCESS, APEX SUCCESS"));
        });

        foreach (var (code, firm) in new[] { ("FTMO", _sandbox.Ftmo), ("APEX", _sandbox.Apex) })
        {
            ConnectorResult r = result.For(code);
            string clientOrderId = ClientOrderIds.Create(task.Id, code);
            SandboxOrder order = firm.Orders.Single();
            SandboxRequest request = firm.Requests.Single();
            using JsonDocument body = JsonDocument.Parse(order.RawBody);
            JsonElement b = body.RootElement;

            Assert.Multiple(() =>
            {
                Assert.That(r.Status, Is.EqualTo(ConnectorStatus.Success), code);
                Assert.That(r.ErrorCode, Is.Null, code);
                Assert.That(r.ErrorMessage, Is.Null, code);
                Assert.That(r.Attempts, Is.EqualTo(1), code);
                Assert.That(r.ClientOrderId, Is.EqualTo(clientOrderId), code);
                Assert.That(r.ExternalOrderId, Is.EqualTo(order.OrderId), code);
                Assert.That(r.OrderStatus, Is.EqualTo("FILLED"), code);
                Assert.That(r.RawRequest?.Method, Is.EqualTo("POST"), code);
                Assert.That(r.RawRequest?.Url, Is.EqualTo(firm.BaseUrl + "/orders"), code);
                Assert.That(r.RawResponse?.GetProperty("order_id").GetString(), Is.EqualTo(order.OrderId), code);

                Assert.That(request.Method, Is.EqualTo("POST"), code);
                Assert.That(request.PathAndQuery, Is.EqualTo(firm.OrdersPath()), code);
                Assert.That(request.StatusCode, Is.EqualTo(201), code);
                Assert.That(request.AuthorizationValid, Is.True, code);
                Assert.That(request.IdempotencyKey, Is.EqualTo(clientOrderId), code);
                Assert.That(request.Accept, Is.EqualTo("application/json"), code);
                Assert.That(request.ContentType, Does.StartWith("application/json"), code);
                Assert.That(request.UserAgent, Does.StartWith("PropConnectors/"), code);

                Assert.That(order.ClientOrderId, Is.EqualTo(clientOrderId), code);
                Assert.That(order.IdempotencyKey, Is.EqualTo(clientOrderId), code);
                Assert.That(b.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[]
                {
                    "client_order_id", "symbol", "side", "quantity", "order_type", "entry_price", "stop_loss", "session", "bias", "risk_percent", "program_ids",
                }), code);
                Assert.That(b.GetProperty("client_order_id").GetString(), Is.EqualTo(clientOrderId), code);
                Assert.That(b.GetProperty("symbol").GetString(), Is.EqualTo("NQ"), code);
                Assert.That(b.GetProperty("side").GetString(), Is.EqualTo("BUY"), code);
                Assert.That(b.GetProperty("quantity").GetDecimal(), Is.EqualTo(1m), code);
                Assert.That(b.GetProperty("order_type").GetString(), Is.EqualTo("MARKET"), code);
                Assert.That(b.GetProperty("entry_price").GetDecimal(), Is.EqualTo(4156.25m), code);
                Assert.That(b.GetProperty("stop_loss").GetDecimal(), Is.EqualTo(4150m), code);
                Assert.That(b.GetProperty("session").GetString(), Is.EqualTo("NY AM"), code);
                Assert.That(b.GetProperty("bias").GetString(), Is.EqualTo("Bullish"), code);
                Assert.That(b.GetProperty("risk_percent").GetDecimal(), Is.EqualTo(0.01m), code);
                Assert.That(b.GetProperty("program_ids").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new long[] { 1, 5 }), code);
            });
        }

        host.AssertNoSecretIn(result.ToString());
    }

    [Test]
    public async Task ExecuteAsync_WrongApiKey_AuthFailedAfterExactlyOneRequest()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        const string WrongKey = "sbx-wrong-key-5d1f0c";
        settings["FTMO_API_KEY"] = WrongKey;
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("auth"), ["FTMO"]));

        ConnectorResult ftmo = result.For("FTMO");
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.AuthFailed));
            Assert.That(ftmo.ErrorMessage, Does.Contain("FTMO_API_KEY"));
            Assert.That(ftmo.Attempts, Is.EqualTo(1));
            Assert.That(_sandbox.Ftmo.Requests, Has.Count.EqualTo(1), "401 is never retried");
            Assert.That(_sandbox.Ftmo.Requests[0].AuthorizationPresent, Is.True);
            Assert.That(_sandbox.Ftmo.Requests[0].AuthorizationValid, Is.False);
            Assert.That(_sandbox.Ftmo.Requests[0].StatusCode, Is.EqualTo(401));
            Assert.That(_sandbox.Ftmo.Orders, Is.Empty);
            Assert.That(result.ToString(), Does.Not.Contain(WrongKey));
            Assert.That(host.LogLines, Has.None.Contains(WrongKey));
        });
    }

    [Test]
    public async Task ExecuteAsync_Firm403_AuthFailedAfterExactlyOneRequest()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(403) with { Times = 5 });
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("auth403"), ["FTMO"]));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.AuthFailed));
            Assert.That(_sandbox.Ftmo.Requests, Has.Count.EqualTo(1));
        });
    }

    [TestCase(400)]
    [TestCase(404)]
    [TestCase(409)]
    [TestCase(422)]
    public async Task ExecuteAsync_FirmRejectsWithMessage_OrderRejectedWithTheMessageAfterOneRequest(int status)
    {
        const string Message = "insufficient margin for NQ on account 5";
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Reject(status, Message) with { Times = 5 });
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("reject"), ["FTMO"]));

        ConnectorResult ftmo = result.For("FTMO");
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(ftmo.ErrorMessage, Does.Contain(Message));
            Assert.That(ftmo.Attempts, Is.EqualTo(1));
            Assert.That(_sandbox.Ftmo.Requests, Has.Count.EqualTo(1));
            Assert.That(_sandbox.Ftmo.Requests[0].StatusCode, Is.EqualTo(status));
            Assert.That(_sandbox.Ftmo.Orders, Is.Empty);
        });
    }

    [Test]
    public async Task StatusAndCancel_UnknownOrderId_OrderNotFoundAfterOneRequestEach()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        BasePropConnector ftmo = host.Connector("ftmo");

        ConnectorResult status = await ftmo.GetOrderStatusAsync("FTMO-999999");
        ConnectorResult cancel = await ftmo.CancelOrderAsync("FTMO-999999");
        ConnectorResult find = await ftmo.FindOrderAsync("pc-nosuchorder");
        ConnectorResult escaped = await ftmo.GetOrderStatusAsync("a/b c");

        IReadOnlyList<SandboxRequest> requests = _sandbox.Ftmo.Requests;
        Assert.Multiple(() =>
        {
            foreach (ConnectorResult r in new[] { status, cancel, find, escaped })
            {
                Assert.That(r.Status, Is.EqualTo(ConnectorStatus.Failed));
                Assert.That(r.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderNotFound));
            }

            Assert.That(requests.Select(r => (r.Method, r.PathAndQuery, r.StatusCode)), Is.EqualTo(new[]
            {
                ("GET", _sandbox.Ftmo.OrdersPath() + "/FTMO-999999", (int?)404),
                ("DELETE", _sandbox.Ftmo.OrdersPath() + "/FTMO-999999", (int?)404),
                ("GET", _sandbox.Ftmo.LookupPath("pc-nosuchorder"), (int?)404),
                ("GET", _sandbox.Ftmo.OrdersPath() + "/a%2Fb%20c", (int?)404),
            }));
            Assert.That(requests.Select(r => r.AuthorizationValid), Has.All.True);
        });
    }

    [TestCase("..")]
    [TestCase(".")]
    [TestCase("")]
    public async Task StatusAndCancel_UnsafeOrderId_RefusedWithNoRequest(string orderId)
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        BasePropConnector ftmo = host.Connector("FTMO");

        ConnectorResult status = await ftmo.GetOrderStatusAsync(orderId);
        ConnectorResult cancel = await ftmo.CancelOrderAsync(orderId);

        Assert.Multiple(() =>
        {
            Assert.That(status.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(cancel.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(status.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task StatusAndCancel_PlacedOrders_StatusAndCancelledOrRejected()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionResult market = await host.RouteAsync(Tasks.Create(Tasks.NewId("mkt"), ["FTMO"]));
        ExecutionResult limit = await host.RouteAsync(Tasks.Create(Tasks.NewId("lmt"), ["FTMO"], p => p["order_type"] = "LIMIT"));
        BasePropConnector ftmo = host.Connector("FTMO");
        string marketId = market.For("FTMO").ExternalOrderId!;
        string limitId = limit.For("FTMO").ExternalOrderId!;

        ConnectorResult status = await ftmo.GetOrderStatusAsync(marketId);
        ConnectorResult cancelFilled = await ftmo.CancelOrderAsync(marketId);
        ConnectorResult cancelLimit = await ftmo.CancelOrderAsync(limitId);
        ConnectorResult found = await ftmo.FindOrderAsync(ClientOrderIds.Create(limit.TaskId, "FTMO"));

        Assert.Multiple(() =>
        {
            Assert.That(status.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(status.ExternalOrderId, Is.EqualTo(marketId));
            Assert.That(status.OrderStatus, Is.EqualTo("FILLED"));
            Assert.That(cancelFilled.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(cancelFilled.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(cancelFilled.ErrorMessage, Does.Contain("order already filled"));
            Assert.That(cancelLimit.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(cancelLimit.OrderStatus, Is.EqualTo("CANCELLED"));
            Assert.That(_sandbox.Ftmo.Orders.Single(o => o.OrderId == limitId).Status, Is.EqualTo("CANCELLED"));
            Assert.That(found.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(found.ExternalOrderId, Is.EqualTo(limitId));
            Assert.That(_sandbox.Ftmo.Requests, Has.Count.EqualTo(6));
        });
    }

    [TestCase(null, null, 9)]
    [TestCase("7", null, 7)]
    [TestCase("2", null, 2)]
    [TestCase(null, "0", 3)]
    public async Task ExecuteAsync_RateLimitedUntilBudget_RetryAfterExactlyTheAllowedPosts(string? ceiling, string? reAttempts, int expectedPosts)
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(429, retryAfter: TimeSpan.Zero) with { Times = 100 });
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Routing:MaxAttemptsPerFirm"] = ceiling;
        settings["PropConnectors:Routing:MaxRetryAttempts"] = reAttempts;
        using RouterHost host = _sandbox.CreateHost(settings);
        ExecutionTask task = Tasks.Create(Tasks.NewId("429"), ["FTMO"]);

        ExecutionResult result = await host.RouteAsync(task);

        ConnectorResult ftmo = result.For("FTMO");
        IReadOnlyList<SandboxRequest> requests = _sandbox.Ftmo.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.RateLimited));
            Assert.That(ftmo.Attempts, Is.EqualTo(expectedPosts));
            Assert.That(requests, Has.Count.EqualTo(expectedPosts), "429 is provably not taken: no lookup, only re-sends");
            Assert.That(requests.Select(r => r.Method), Has.All.EqualTo("POST"));
            Assert.That(requests.Select(r => r.StatusCode), Has.All.EqualTo(429));
            Assert.That(requests.Select(r => r.IdempotencyKey).Distinct(), Is.EqualTo(new[] { ClientOrderIds.Create(task.Id, "FTMO") }));
            Assert.That(_sandbox.Ftmo.Orders, Is.Empty);
            Assert.That(result.Routed, Is.False);
        });
        host.AssertNoSecretIn(result.ToString());
    }

    [Test]
    public async Task ExecuteAsync_RateLimitedOnceWithRetryAfter_ResentAfterTheWait()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(429, retryAfter: TimeSpan.FromSeconds(1)));
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("ra"), ["FTMO"]));

        List<SandboxRequest> posts = _sandbox.Ftmo.Posts();
        Assert.Multiple(() =>
        {
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("FTMO").Attempts, Is.EqualTo(2));
            Assert.That(posts.Select(p => p.StatusCode), Is.EqualTo(new int?[] { 429, 201 }));
            Assert.That(posts[1].Timestamp - posts[0].Timestamp, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)), "Retry-After: 1 is honoured");
        });
    }

    [Test]
    public async Task ExecuteAsync_RetryAfterBeyondConnectorBudget_RouterDoesNotResendBeforeRetryAfter()
    {
        // Regression: the router re-attempted a RATE_LIMITED result after its own RetryDelay, ignoring Retry-After.
        // The connector stops at once (waiting 2 s would pass its 1 s budget) and answers RETRY; the router must not send
        // the next POST before the firm's Retry-After has passed.
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(429, retryAfter: TimeSpan.FromSeconds(2)) with { Times = 100 });
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["FTMO_TIMEOUT_SECONDS"] = "1";
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("ra2"), ["FTMO"]));

        List<SandboxRequest> posts = _sandbox.Ftmo.Posts();
        Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.RateLimited));
        Assert.That(posts, Has.Count.EqualTo(3), "one POST per connector call: the first and the router's two re-attempts");
        for (int i = 1; i < posts.Count; i++)
        {
            Assert.That(posts[i].Timestamp - posts[i - 1].Timestamp, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1950)), $"POST {i + 1} came before Retry-After: 2 had passed");
        }
    }

    [Test]
    public async Task ExecuteAsync_UnavailableUntilBudget_LooksUpBeforeEveryResendThenRetry()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(503) with { Times = 100 });
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("503"), ["FTMO"]);
        string clientOrderId = ClientOrderIds.Create(task.Id, "FTMO");

        ExecutionResult result = await host.RouteAsync(task);

        ConnectorResult ftmo = result.For("FTMO");
        IReadOnlyList<SandboxRequest> requests = _sandbox.Ftmo.Requests;
        var expected = Enumerable.Range(0, 9).SelectMany(_ => new[]
        {
            ("POST", _sandbox.Ftmo.OrdersPath(), (int?)503),
            ("GET", _sandbox.Ftmo.LookupPath(clientOrderId), (int?)404),
        });
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(ftmo.Attempts, Is.EqualTo(9), "the default ceiling: 3 transport attempts x (1 + 2 router re-attempts)");
            Assert.That(requests.Select(r => (r.Method, r.PathAndQuery, r.StatusCode)), Is.EqualTo(expected), "a 503 is ambiguous: every re-send follows a lookup");
            Assert.That(_sandbox.Ftmo.Posts().Select(r => r.IdempotencyKey), Has.All.EqualTo(clientOrderId));
            Assert.That(_sandbox.Ftmo.Orders, Is.Empty);
        });
        host.AssertNoSecretIn(result.ToString());
    }

    [Test]
    public async Task ExecuteAsync_SlowOnceBeyondAttemptTimeout_LookupThenResendSucceeds()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Delay(TimeSpan.FromSeconds(20)));
        using RouterHost host = _sandbox.CreateHost(SlowSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("slow1"), ["FTMO"]);
        string clientOrderId = ClientOrderIds.Create(task.Id, "FTMO");

        ExecutionResult result = await host.RouteAsync(task);
        await _sandbox.Ftmo.WaitForRequestsAsync(3).WaitAsync(RouterHost.Patience);

        ConnectorResult ftmo = result.For("FTMO");
        List<SandboxRequest> posts = _sandbox.Ftmo.Posts();
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(ftmo.Attempts, Is.EqualTo(2));
            Assert.That(ftmo.ExternalOrderId, Is.EqualTo(_sandbox.Ftmo.Orders.Single().OrderId));
            Assert.That(_sandbox.Ftmo.Requests, Has.Count.EqualTo(3));
            Assert.That(posts.Select(p => p.ClientAborted), Is.EquivalentTo(new[] { true, false }), "the slow POST was abandoned after the attempt timeout");
            Assert.That(posts.Select(p => p.IdempotencyKey), Has.All.EqualTo(clientOrderId));
            Assert.That(_sandbox.Ftmo.Gets().Select(g => (g.PathAndQuery, g.StatusCode)), Is.EqualTo(new[] { (_sandbox.Ftmo.LookupPath(clientOrderId), (int?)404) }));
        });
    }

    [Test]
    public async Task ExecuteAsync_AlwaysSlowerThanAttemptTimeout_TimeoutAfterBoundedAttempts()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Delay(TimeSpan.FromSeconds(20)) with { Times = 100 });
        using RouterHost host = _sandbox.CreateHost(SlowSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("slow"), ["FTMO"]);

        ExecutionResult result = await host.RouteAsync(task);
        await _sandbox.Ftmo.WaitForRequestsAsync(6).WaitAsync(RouterHost.Patience);

        ConnectorResult ftmo = result.For("FTMO");
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Failed), "every lookup proved the order absent");
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.Timeout));
            Assert.That(ftmo.Attempts, Is.EqualTo(3));
            Assert.That(_sandbox.Ftmo.Posts(), Has.Count.EqualTo(3));
            Assert.That(_sandbox.Ftmo.Posts().Select(p => p.ClientAborted), Has.All.True);
            Assert.That(_sandbox.Ftmo.Gets(), Has.Count.EqualTo(3));
            Assert.That(_sandbox.Ftmo.Gets().Select(g => g.StatusCode), Has.All.EqualTo(404));
            Assert.That(_sandbox.Ftmo.Orders, Is.Empty);
        });
    }

    [Test]
    public async Task ExecuteAsync_SlowAndLookupUnavailable_UnknownAfterOnePost()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Delay(TimeSpan.FromSeconds(20)) with { Times = 100 });
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(503) with { Method = "GET", Times = 100 });
        using RouterHost host = _sandbox.CreateHost(SlowSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("unknown"), ["FTMO"]);

        ExecutionResult result = await host.RouteAsync(task);
        await _sandbox.Ftmo.WaitForRequestsAsync(4).WaitAsync(RouterHost.Patience);

        ConnectorResult ftmo = result.For("FTMO");
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Unknown));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.Timeout));
            Assert.That(ftmo.ClientOrderId, Is.EqualTo(ClientOrderIds.Create(task.Id, "FTMO")));
            Assert.That(ftmo.ErrorMessage, Does.Contain(ftmo.ClientOrderId));
            Assert.That(_sandbox.Ftmo.Posts(), Has.Count.EqualTo(1), "never re-sent while the firm may hold the order");
            Assert.That(_sandbox.Ftmo.Gets(), Has.Count.EqualTo(3), "the lookup is a GET: the transport retries it");
            Assert.That(_sandbox.Ftmo.Gets().Select(g => g.StatusCode), Has.All.EqualTo(503));
            Assert.That(result.Routed, Is.False);
        });
        host.AssertNoSecretIn(result.ToString());
    }

    [Test]
    public async Task ExecuteAsync_SlowBeyondTotalTimeout_TimeoutAndNeverResentWithoutALookup()
    {
        // FTMO_TIMEOUT_SECONDS=1 makes each attempt at most half of it, so a timed-out POST can still be looked up.
        // Whether a second POST fits in the budget depends on timing; what may never happen is a re-send that did not
        // follow a lookup answering 404.
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Delay(TimeSpan.FromSeconds(20)) with { Times = 100 });
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["FTMO_TIMEOUT_SECONDS"] = "1";
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("total"), ["FTMO"]));
        await _sandbox.Ftmo.WaitForRequestsAsync(1).WaitAsync(RouterHost.Patience);

        ConnectorResult ftmo = result.For("FTMO");
        List<SandboxRequest> requests = [.. _sandbox.Ftmo.Requests.OrderBy(r => r.Timestamp)];
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.Timeout));
            Assert.That(ftmo.Status, Is.AnyOf(ConnectorStatus.Unknown, ConnectorStatus.Failed));
            Assert.That(requests.First().Method, Is.EqualTo("POST"));
            Assert.That(_sandbox.Ftmo.Orders, Is.Empty);
            for (int i = 1; i < requests.Count; i++)
            {
                if (requests[i].Method == "POST")
                {
                    Assert.That((requests[i - 1].Method, requests[i - 1].StatusCode), Is.EqualTo(("GET", (int?)404)), $"POST {i + 1} was sent without a lookup answering 404 first");
                }
            }
        });
        if (ftmo.Status == ConnectorStatus.Failed)
        {
            Assert.That((requests[^1].Method, requests[^1].StatusCode), Is.EqualTo(("GET", (int?)404)), "FAILED (provably absent) needs the lookup");
        }
    }

    [Test]
    public async Task ExecuteAsync_MalformedBody_InvalidResponseAfterOneRequest()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.MalformedBody() with { Times = 5 });
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("malformed"), ["FTMO"]);

        ExecutionResult result = await host.RouteAsync(task);

        ConnectorResult ftmo = result.For("FTMO");
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidResponse));
            Assert.That(ftmo.ErrorMessage, Does.Contain(ClientOrderIds.Create(task.Id, "FTMO")), "the message says to look the order up");
            Assert.That(ftmo.Attempts, Is.EqualTo(1));
            Assert.That(_sandbox.Ftmo.Requests, Has.Count.EqualTo(1));
        });
        host.AssertNoSecretIn(result.ToString());
    }

    [Test]
    public async Task ExecuteAsync_ConnectionRefused_NetworkErrorAfterBoundedAttempts()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["FTMO_BASE_URL"] = $"http://127.0.0.1:{ClosedPort()}/v1";
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("refused"), ["FTMO", "APEX"]));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.NetworkError));
            Assert.That(result.For("FTMO").Attempts, Is.EqualTo(3), "nothing was sent, so it may be re-sent, within the budget");
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
        });
    }

    /// <summary>
    /// A short attempt timeout (500 ms) so the slow paths finish quickly, under a 3 s total that leaves room for three
    /// attempts and their lookups even on a loaded machine.
    /// </summary>
    private Dictionary<string, string?> SlowSettings()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:FTMO:AttemptTimeout"] = "00:00:00.500";
        settings["FTMO_TIMEOUT_SECONDS"] = "3";
        return settings;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
