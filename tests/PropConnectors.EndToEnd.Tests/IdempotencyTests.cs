using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>CONTRACT §4 end to end: an order is placed at most once, and the host knows whether it was.</summary>
[TestFixture]
public sealed class IdempotencyTests
{
    private SandboxEnvironment _sandbox = null!;

    [SetUp]
    public async Task StartSandbox() => _sandbox = await SandboxEnvironment.StartAsync();

    [TearDown]
    public async Task StopSandbox() => await _sandbox.DisposeAsync();

    [TestCase(true)]
    [TestCase(false)]
    public async Task ExecuteAsync_AcceptedThenConnectionDropped_SuccessFoundByLookupAndOneOrder(bool firmHonoursIdempotencyKey)
    {
        _sandbox.Ftmo.HonoursIdempotencyKey = firmHonoursIdempotencyKey;
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        // A first order leaves a pooled keep-alive connection, so the drop happens on a reused connection: the HTTP
        // stack must not silently re-send the POST on a new one.
        ExecutionResult warmUp = await host.RouteAsync(Tasks.Create(Tasks.NewId("warm"), ["FTMO"]));
        Assert.That(warmUp.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Success));
        _sandbox.Ftmo.EnqueueFault(SandboxFault.AcceptThenDrop());
        ExecutionTask task = Tasks.Create(Tasks.NewId("drop"), ["FTMO"]);
        string clientOrderId = ClientOrderIds.Create(task.Id, "FTMO");

        ExecutionResult result = await host.RouteAsync(task);

        ConnectorResult ftmo = result.For("FTMO");
        SandboxOrder order = _sandbox.Ftmo.Orders.Single(o => o.ClientOrderId == clientOrderId);
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(ftmo.ExternalOrderId, Is.EqualTo(order.OrderId));
            Assert.That(ftmo.ClientOrderId, Is.EqualTo(clientOrderId));
            Assert.That(_sandbox.Ftmo.Orders, Has.Count.EqualTo(2), "the warm-up order and this one");
            Assert.That(_sandbox.Ftmo.Requests.Skip(1).Select(r => (r.Method, r.PathAndQuery, r.Dropped, r.StatusCode)), Is.EqualTo(new[]
            {
                ("POST", _sandbox.Ftmo.OrdersPath(), true, (int?)null),
                ("GET", _sandbox.Ftmo.LookupPath(clientOrderId), false, (int?)200),
            }), "the dropped POST is looked up, never re-sent");
            Assert.That(result.Routed, Is.True);
        });
    }

    [Test]
    public async Task ExecuteAsync_UnavailableAtFirmIgnoringIdempotencyKey_LooksUpBeforeResendingAndOneOrder()
    {
        _sandbox.Ftmo.HonoursIdempotencyKey = false;
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(503));
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("503once"), ["FTMO"]);
        string clientOrderId = ClientOrderIds.Create(task.Id, "FTMO");

        ExecutionResult result = await host.RouteAsync(task);

        Assert.Multiple(() =>
        {
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("FTMO").Attempts, Is.EqualTo(2));
            Assert.That(result.For("FTMO").ExternalOrderId, Is.EqualTo(_sandbox.Ftmo.Orders.Single().OrderId));
            Assert.That(_sandbox.Ftmo.Requests.Select(r => (r.Method, r.PathAndQuery, r.StatusCode)), Is.EqualTo(new[]
            {
                ("POST", _sandbox.Ftmo.OrdersPath(), (int?)503),
                ("GET", _sandbox.Ftmo.LookupPath(clientOrderId), (int?)404),
                ("POST", _sandbox.Ftmo.OrdersPath(), (int?)201),
            }));
        });
    }

    [Test]
    public async Task ExecuteAsync_SameTaskRoutedTwiceAndAfterRestart_SameIdsAndOneOrderPerFirm()
    {
        ExecutionTask task = Tasks.Create(Tasks.NewId("twice"), ["FTMO", "APEX"]);
        ExecutionResult first;
        ExecutionResult second;
        ExecutionResult afterRestart;
        using (RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings()))
        {
            first = await host.RouteAsync(task);
            second = await host.RouteAsync(ExecutionJson.Parse(task.ToString()));
        }

        using (RouterHost restarted = _sandbox.CreateHost(_sandbox.LiveSettings()))
        {
            afterRestart = await restarted.RouteAsync(ExecutionJson.Parse(task.ToString()));
        }

        foreach (var (code, firm) in new[] { ("FTMO", _sandbox.Ftmo), ("APEX", _sandbox.Apex) })
        {
            string clientOrderId = ClientOrderIds.Create(task.Id, code);
            SandboxOrder order = firm.Orders.Single();
            Assert.Multiple(() =>
            {
                foreach (ExecutionResult result in new[] { first, second, afterRestart })
                {
                    Assert.That(result.For(code).Status, Is.EqualTo(ConnectorStatus.Success), code);
                    Assert.That(result.For(code).ClientOrderId, Is.EqualTo(clientOrderId), code);
                    Assert.That(result.For(code).ExternalOrderId, Is.EqualTo(order.OrderId), code);
                }

                Assert.That(firm.Posts().Select(r => r.IdempotencyKey), Is.EqualTo(new[] { clientOrderId, clientOrderId, clientOrderId }), code);
                Assert.That(firm.Posts().Select(r => r.StatusCode), Is.EqualTo(new int?[] { 201, 200, 200 }), code + ": the firm answered the repeats with the first order");
            });
        }

        Assert.That(ClientOrderIds.Create(task.Id, "FTMO"), Is.Not.EqualTo(ClientOrderIds.Create(task.Id, "APEX")));
    }

    [Test]
    public async Task ExecuteAsync_SameTaskDeliveredTwiceAtOnce_OneOrderAndTheSameIdForBoth()
    {
        _sandbox.Ftmo.Latency = TimeSpan.FromMilliseconds(50);
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("dup"), ["FTMO"]);

        ExecutionResult[] results = await Task.WhenAll(host.RouteAsync(task), host.RouteAsync(ExecutionJson.Parse(task.ToString())));

        string orderId = _sandbox.Ftmo.Orders.Single().OrderId;
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.For("FTMO").Status), Has.All.EqualTo(ConnectorStatus.Success));
            Assert.That(results.Select(r => r.For("FTMO").ExternalOrderId), Has.All.EqualTo(orderId));
            Assert.That(_sandbox.Ftmo.Posts().Select(p => p.IdempotencyKey), Has.All.EqualTo(ClientOrderIds.Create(task.Id, "FTMO")));
        });
    }

    [Test]
    public async Task ExecuteAsync_SameTaskRoutedTwiceAtFirmConfiguredAsIgnoringIdempotencyKey_OneOrder()
    {
        // Regression: re-delivering a task to a firm that ignores Idempotency-Key placed a second order.
        _sandbox.Ftmo.HonoursIdempotencyKey = false;
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:FTMO:HonoursIdempotencyKey"] = "false";
        using RouterHost host = _sandbox.CreateHost(settings);
        ExecutionTask task = Tasks.Create(Tasks.NewId("twice-noidem"), ["FTMO"]);

        ExecutionResult first = await host.RouteAsync(task);
        ExecutionResult second = await host.RouteAsync(task);

        Assert.Multiple(() =>
        {
            Assert.That(_sandbox.Ftmo.Orders, Has.Count.EqualTo(1), "CONTRACT §4: retrying the same task reuses its client_order_id and places nothing new");
            Assert.That(second.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(second.For("FTMO").ExternalOrderId, Is.EqualTo(first.For("FTMO").ExternalOrderId));
            Assert.That(second.For("FTMO").Attempts, Is.Zero, "the lookup found the order, so no order request was sent");
            Assert.That(_sandbox.Ftmo.Requests.Select(r => r.Method), Is.EqualTo(new[] { "GET", "POST", "GET" }), "lookup before every order request");
        });
    }

    [Test]
    public async Task ExecuteAsync_FaultsAcrossTransportRetriesAndRouterReAttempts_EveryPostCarriesTheSameKey()
    {
        // First connector call: three 429s (its whole budget) → RETRY. Router re-attempt: a 503 (ambiguous) → lookup → 404
        // → re-send, which the firm takes and then drops → lookup finds it → SUCCESS.
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(429) with { Times = 3 });
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(503));
        _sandbox.Ftmo.EnqueueFault(SandboxFault.AcceptThenDrop());
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("keys"), ["FTMO"]);
        string clientOrderId = ClientOrderIds.Create(task.Id, "FTMO");

        ExecutionResult result = await host.RouteAsync(task);

        ConnectorResult ftmo = result.For("FTMO");
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(ftmo.Attempts, Is.EqualTo(5), "order requests across the router's re-attempt");
            Assert.That(ftmo.ExternalOrderId, Is.EqualTo(_sandbox.Ftmo.Orders.Single().OrderId));
            Assert.That(_sandbox.Ftmo.Requests.Select(r => (r.Method, r.StatusCode, r.Dropped)), Is.EqualTo(new[]
            {
                ("POST", (int?)429, false),
                ("POST", (int?)429, false),
                ("POST", (int?)429, false),
                ("POST", (int?)503, false),
                ("GET", (int?)404, false),
                ("POST", (int?)null, true),
                ("GET", (int?)200, false),
            }));
            Assert.That(_sandbox.Ftmo.Posts().Select(r => r.IdempotencyKey), Has.All.EqualTo(clientOrderId));
            Assert.That(_sandbox.Ftmo.Gets().Select(r => r.PathAndQuery), Has.All.EqualTo(_sandbox.Ftmo.LookupPath(clientOrderId)));
        });
    }
}
