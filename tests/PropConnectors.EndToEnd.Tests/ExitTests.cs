using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>CONTRACT §10 over real HTTP: EXIT, FLATTEN and CANCEL read the account, then close and cancel exactly what is open.</summary>
[TestFixture]
public sealed class ExitTests
{
    private SandboxEnvironment _sandbox = null!;
    private RouterHost _host = null!;

    [SetUp]
    public async Task StartSandbox()
    {
        _sandbox = await SandboxEnvironment.StartAsync();
        _host = _sandbox.CreateHost(_sandbox.LiveSettings());
        _sandbox.Apex.SetPrice("NQ", 18_000m, 20m);
        _sandbox.Apex.SetPrice("ES", 5_000m, 50m);
        _sandbox.Apex.SetPrice("MNQ", 18_000m, 2m);
    }

    [TearDown]
    public async Task StopSandbox()
    {
        _host.Dispose();
        await _sandbox.DisposeAsync();
    }

    private async Task OpenAsync(string symbol, string side, decimal quantity)
    {
        ExecutionResult opened = await _host.RouteAsync(Signals.Entry(Tasks.NewId("open"), "APEX", symbol, side, quantity));
        Assert.That(opened.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), opened.For("APEX").ErrorMessage);
    }

    private async Task<SandboxOrder> RestAsync(string symbol, string side, decimal price)
    {
        ExecutionResult rested = await _host.RouteAsync(Tasks.Create(Tasks.NewId("rest"), ["APEX"], p =>
        {
            p["symbol"] = symbol;
            p["side"] = side;
            p["order_type"] = "LIMIT";
            p["entry_price"] = price;
            p["stop_loss"] = side == "BUY" ? price - 10 : price + 10;
        }));
        Assert.That(rested.For("APEX").OrderStatus, Is.EqualTo("ACCEPTED"));
        return _sandbox.Apex.Orders[^1];
    }

    private static int OrderRequests(SandboxFirm.SandboxFirm firm) => firm.Requests.Count(r => r.Method is "POST" or "DELETE");

    [Test]
    public async Task Exit_TwoOfALongThree_SendsOneReduceOnlySellOfTwo()
    {
        await OpenAsync("NQ", "BUY", 3);
        string id = Tasks.NewId("exit");

        ExecutionResult result = await _host.RouteAsync(Signals.Event(id, "EXIT", Signals.Payload(["APEX"], "NQ", 2)));

        ConnectorResult apex = result.For("APEX");
        SandboxOrder close = _sandbox.Apex.Orders[^1];
        using JsonDocument body = JsonDocument.Parse(close.RawBody);
        Assert.Multiple(() =>
        {
            Assert.That(result.EventType, Is.EqualTo("EXIT"));
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(_sandbox.Apex.Orders, Has.Count.EqualTo(2));
            Assert.That(body.RootElement.GetProperty("side").GetString(), Is.EqualTo("SELL"));
            Assert.That(body.RootElement.GetProperty("quantity").GetDecimal(), Is.EqualTo(2m));
            Assert.That(body.RootElement.GetProperty("reduce_only").GetBoolean(), Is.True);
            Assert.That(body.RootElement.GetProperty("order_type").GetString(), Is.EqualTo("MARKET"));
            Assert.That(close.ClientOrderId, Is.EqualTo(ClientOrderIds.ForClose(id, "APEX", null, "NQ")));
            Assert.That(apex.Actions, Has.Count.EqualTo(1));
            Assert.That(apex.Actions![0].Kind, Is.EqualTo(ConnectorActionKind.Close));
            Assert.That(apex.Actions[0].Symbol, Is.EqualTo("NQ"));
            Assert.That(apex.Actions[0].Quantity, Is.EqualTo(2m));
            Assert.That(apex.Actions[0].ExternalOrderId, Is.EqualTo(close.OrderId));
            Assert.That(apex.Actions[0].ClientOrderId, Is.EqualTo(close.ClientOrderId));
            Assert.That(_sandbox.Apex.GetAccount()!.Positions.Single().Quantity, Is.EqualTo(1m));
        });
    }

    [Test]
    public async Task Exit_Redelivered_ClosesNothingTwice()
    {
        await OpenAsync("NQ", "BUY", 3);
        ExecutionTask exit = Signals.Event(Tasks.NewId("exit"), "EXIT", Signals.Payload(["APEX"], "NQ", 2));

        ExecutionResult first = await _host.RouteAsync(exit);
        ExecutionResult again = await _host.RouteAsync(exit);

        Assert.Multiple(() =>
        {
            Assert.That(first.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(again.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(again.For("APEX").Actions![0].ExternalOrderId, Is.EqualTo(first.For("APEX").Actions![0].ExternalOrderId), "the same close, answered again");
            Assert.That(_sandbox.Apex.Orders, Has.Count.EqualTo(2));
            Assert.That(_sandbox.Apex.GetAccount()!.Positions.Single().Quantity, Is.EqualTo(1m));
        });
    }

    [Test]
    public async Task Exit_MoreThanThePosition_IsClippedAndNeverReverses()
    {
        await OpenAsync("NQ", "BUY", 3);

        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("exit"), "CLOSE", Signals.Payload(["APEX"], "NQ", 5)));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("APEX").Actions![0].Quantity, Is.EqualTo(3m));
            Assert.That(_sandbox.Apex.Orders[^1].Quantity, Is.EqualTo(3m));
            Assert.That(_sandbox.Apex.GetAccount()!.Positions, Is.Empty);
        });
    }

    [Test]
    public async Task Exit_OfAPositionAboveThePositionLimit_IsNotRefused()
    {
        _sandbox.Apex.Fill("NQ", "BUY", 25, 18_000m); // above Apex's default limit of 20, opened elsewhere

        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("exit"), "EXIT", Signals.Payload(["APEX"], "NQ")));

        Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), result.For("APEX").ErrorMessage);
        Assert.That(_sandbox.Apex.GetAccount()!.Positions, Is.Empty, "reducing risk is always allowed");
    }

    [Test]
    public async Task Exit_NoQuantityOfAShort_BuysTheWholePosition()
    {
        await OpenAsync("ES", "SELL", 2);

        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("exit"), "exit", Signals.Payload(["APEX"], "ES")));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(_sandbox.Apex.Orders[^1].Side, Is.EqualTo("BUY"));
            Assert.That(_sandbox.Apex.Orders[^1].Quantity, Is.EqualTo(2m));
            Assert.That(_sandbox.Apex.GetAccount()!.Positions, Is.Empty);
        });
    }

    [Test]
    public async Task Exit_NoPosition_IsSkippedNoPositionWithNoOrderRequest()
    {
        await OpenAsync("ES", "BUY", 1);
        int before = _sandbox.Apex.Requests.Count;

        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("exit"), "EXIT", Signals.Payload(["APEX"], "NQ")));

        ConnectorResult apex = result.For("APEX");
        Assert.Multiple(() =>
        {
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(apex.ErrorCode, Is.EqualTo(ConnectorErrorCodes.NoPosition));
            Assert.That(apex.Actions, Is.Empty);
            Assert.That(_sandbox.Apex.Requests.Skip(before).Select(r => (r.Method, r.PathAndQuery)), Is.EqualTo(new[] { ("GET", "/firms/APEX/v1/positions") }));
        });
    }

    [Test]
    public async Task Exit_PositionsUnreadable_IsRetryAccountStateUnavailableAndSendsNoOrder()
    {
        await OpenAsync("NQ", "BUY", 1);
        _sandbox.Apex.EnqueueFault(SandboxFault.Status(503) with { Method = "GET", Path = "/positions", Times = 50 });
        int orders = OrderRequests(_sandbox.Apex);

        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("exit"), "EXIT", Signals.Payload(["APEX"], "NQ")));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.AccountStateUnavailable));
            Assert.That(OrderRequests(_sandbox.Apex), Is.EqualTo(orders));
            Assert.That(_sandbox.Apex.GetAccount()!.Positions.Single().Quantity, Is.EqualTo(1m));
        });
    }

    [Test]
    public async Task Flatten_CancelsEveryWorkingOrderAndClosesEveryPosition_AndARepeatSendsNothingNew()
    {
        await OpenAsync("NQ", "BUY", 2);
        await OpenAsync("ES", "SELL", 1);
        await OpenAsync("MNQ", "BUY", 4);
        SandboxOrder limit1 = await RestAsync("NQ", "BUY", 17_900m);
        SandboxOrder limit2 = await RestAsync("ES", "SELL", 5_100m);
        ExecutionTask flatten = Signals.Event(Tasks.NewId("flat"), "FLATTEN", Signals.Payload(["APEX"], symbol: null));
        int before = _sandbox.Apex.Requests.Count;

        ExecutionResult result = await _host.RouteAsync(flatten);
        var sent = _sandbox.Apex.Requests.Skip(before).Where(r => r.Method is "POST" or "DELETE").ToList();
        int afterFirst = _sandbox.Apex.Requests.Count;
        ExecutionResult again = await _host.RouteAsync(flatten);

        ConnectorResult apex = result.For("APEX");
        Assert.Multiple(() =>
        {
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(apex.Actions!.Select(a => (a.Kind, a.Symbol, a.Quantity, a.Status)), Is.EquivalentTo(new[]
            {
                (ConnectorActionKind.Cancel, "NQ", (decimal?)1m, ConnectorStatus.Success),
                (ConnectorActionKind.Cancel, "ES", (decimal?)1m, ConnectorStatus.Success),
                (ConnectorActionKind.Close, "ES", (decimal?)1m, ConnectorStatus.Success),
                (ConnectorActionKind.Close, "MNQ", (decimal?)4m, ConnectorStatus.Success),
                (ConnectorActionKind.Close, "NQ", (decimal?)2m, ConnectorStatus.Success),
            }));
            Assert.That(sent.Count(r => r.Method == "DELETE"), Is.EqualTo(2));
            Assert.That(sent.Count(r => r.Method == "POST"), Is.EqualTo(3));
            Assert.That(sent.Where(r => r.Method == "DELETE").Select(r => r.PathAndQuery), Is.EquivalentTo(new[] { $"/firms/APEX/v1/orders/{limit1.OrderId}", $"/firms/APEX/v1/orders/{limit2.OrderId}" }));
            Assert.That(_sandbox.Apex.Orders.TakeLast(3).Select(o => o.ReduceOnly), Is.All.True);
            Assert.That(_sandbox.Apex.GetAccount()!.Positions, Is.Empty);
            Assert.That(_sandbox.Apex.Orders.Count(o => o.Status == "ACCEPTED"), Is.Zero);

            Assert.That(again.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(again.For("APEX").Actions, Is.Empty);
            Assert.That(_sandbox.Apex.Requests.Skip(afterFirst).Select(r => r.Method), Is.All.EqualTo("GET"), "a repeat reads and finds nothing to do");
        });
    }

    [Test]
    public async Task Flatten_WithASymbol_TouchesOnlyThatSymbol()
    {
        await OpenAsync("NQ", "BUY", 2);
        await OpenAsync("ES", "SELL", 1);
        await RestAsync("ES", "SELL", 5_100m);

        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("flat"), "FLATTEN", Signals.Payload(["APEX"], "NQ")));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Actions!.Select(a => (a.Kind, a.Symbol)), Is.EqualTo(new[] { (ConnectorActionKind.Close, "NQ") }));
            Assert.That(_sandbox.Apex.GetAccount()!.Positions.Select(p => p.Symbol), Is.EqualTo(new[] { "ES" }));
            Assert.That(_sandbox.Apex.Orders.Count(o => o.Status == "ACCEPTED"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Cancel_InASymbol_CancelsOnlyItsWorkingOrders_AndSendsNoOrder()
    {
        SandboxOrder nq1 = await RestAsync("NQ", "BUY", 17_900m);
        SandboxOrder nq2 = await RestAsync("NQ", "BUY", 17_800m);
        await RestAsync("ES", "BUY", 4_900m);
        int posts = _sandbox.Apex.Requests.Count(r => r.Method == "POST");

        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("cancel"), "CANCEL", Signals.Payload(["APEX"], "NQ")));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("APEX").Actions!.Select(a => (a.Kind, a.ExternalOrderId)), Is.EquivalentTo(new[] { (ConnectorActionKind.Cancel, nq1.OrderId), (ConnectorActionKind.Cancel, nq2.OrderId) }));
            Assert.That(_sandbox.Apex.Orders.Where(o => o.Status == "ACCEPTED").Select(o => o.Symbol), Is.EqualTo(new[] { "ES" }));
            Assert.That(_sandbox.Apex.Requests.Count(r => r.Method == "POST"), Is.EqualTo(posts));
        });
    }

    [Test]
    public async Task Flatten_ACancelThatFails_IsTheResultsStatus()
    {
        await OpenAsync("NQ", "BUY", 1);
        await RestAsync("NQ", "BUY", 17_900m);
        _sandbox.Apex.EnqueueFault(SandboxFault.Reject(422, "order locked") with { Method = "DELETE" });

        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("flat"), "FLATTEN", Signals.Payload(["APEX"], symbol: null)));

        ConnectorResult apex = result.For("APEX");
        Assert.Multiple(() =>
        {
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(apex.Actions!.Single(a => a.Kind == ConnectorActionKind.Cancel).Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(apex.Actions!.Single(a => a.Kind == ConnectorActionKind.Close).Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(apex.ErrorMessage, Does.Contain("1 of 2 actions did not succeed"));
        });
    }

    [TestCase("SCALE_IN")]
    [TestCase("")]
    public async Task UnknownEvent_IsInvalidOrderWithNoRequest(string eventType)
    {
        ExecutionResult result = await _host.RouteAsync(Signals.Event(Tasks.NewId("odd"), eventType, Signals.Payload(["APEX", "FTMO"], "NQ", 1)));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => r.Status), Is.All.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ConnectorResults.Select(r => r.ErrorCode), Is.All.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task ExitUnderDryRun_ReadsNothingAndSaysWhatItWouldDo()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["EXECUTION_DRY_RUN"] = "true";
        using RouterHost dry = _sandbox.CreateHost(settings);

        ExecutionResult result = await dry.RouteAsync(Signals.Event(Tasks.NewId("exit"), "EXIT", Signals.Payload(["APEX"], "NQ")));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(result.For("APEX").ErrorMessage, Does.Contain("close the NQ position with a reduce-only order"));
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
        });
    }
}
