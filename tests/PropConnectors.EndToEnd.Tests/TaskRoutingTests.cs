using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>CONTRACT §1 → §2 end to end: which firms a task reaches and the body each firm receives.</summary>
[TestFixture]
public sealed class TaskRoutingTests
{
    private SandboxEnvironment _sandbox = null!;

    [SetUp]
    public async Task StartSandbox() => _sandbox = await SandboxEnvironment.StartAsync();

    [TearDown]
    public async Task StopSandbox() => await _sandbox.DisposeAsync();

    [Test]
    public async Task ExecuteAsync_NoFirmCodes_EveryEnabledFirmOnly()
    {
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["APEX_ENABLED"] = "false";
        using RouterHost host = _sandbox.CreateHost(settings);

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("all"), []));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => (r.FirmCode, r.Status)), Is.EqualTo(new[] { ("FTMO", ConnectorStatus.Success) }));
            Assert.That(_sandbox.Ftmo.Orders, Has.Count.EqualTo(1));
            Assert.That(_sandbox.Apex.Requests, Is.Empty, "a disabled firm is not an implicit target");
        });
    }

    [Test]
    public async Task ExecuteAsync_WebhookStylePayload_FirmReceivesTheNormalizedContractBody()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        ExecutionTask task = Tasks.Create(Tasks.NewId("hook"), ["apex"], p =>
        {
            p.Remove("side");
            p["direction"] = "short";
            p["quantity"] = "2";
            p["order_type"] = "LIMIT";
            p["entry_price"] = "4160.5";
            p["stop_loss"] = "4170.5"; // Apex requires a stop loss on every entry (CONTRACT §13 rule 4)
            p.Remove("session");
            p.Remove("risk_percent");
            p.Remove("program_ids");
        });

        ExecutionResult result = await host.RouteAsync(task);

        SandboxOrder order = _sandbox.Apex.Orders.Single();
        using JsonDocument body = JsonDocument.Parse(order.RawBody);
        JsonElement b = body.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("APEX").OrderStatus, Is.EqualTo("ACCEPTED"));
            Assert.That(b.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "client_order_id", "symbol", "side", "quantity", "order_type", "entry_price", "stop_loss", "bias" }), "absent fields stay absent, never null");
            Assert.That(b.GetProperty("side").GetString(), Is.EqualTo("SELL"));
            Assert.That(b.GetProperty("quantity").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(b.GetProperty("quantity").GetDecimal(), Is.EqualTo(2m));
            Assert.That(b.GetProperty("order_type").GetString(), Is.EqualTo("LIMIT"));
            Assert.That(b.GetProperty("entry_price").GetDecimal(), Is.EqualTo(4160.5m));
            Assert.That(order.Side, Is.EqualTo("SELL"));
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task ExecuteAsync_BiasOnlyNoSide_BuyFromBullish()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("bias"), ["APEX"], p => p.Remove("side")));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(_sandbox.Apex.Orders.Single().Side, Is.EqualTo("BUY"));
        });
    }
}
