using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;

namespace PropConnectors.Routing.Tests;

/// <summary>
/// A routed order has one Information line, the router's; the connector's own line for a routed success is at Debug,
/// its line for a routed failure and for a direct call stays at Information.
/// </summary>
public class RoutingLogTests
{
    private const int ConnectorCallCompleted = 1010;
    private const int TaskRouted = 2001;

    private static FakeLogRecord[] Lines(RouterHarness harness, int eventId) =>
        [.. harness.Logs.GetSnapshot().Where(r => r.Id.Id == eventId)];

    [Test]
    public async Task ExecuteAsync_RoutedSuccess_RouterLineAtInformationConnectorLineAtDebug()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("task-log-1", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        FakeLogRecord[] router = Lines(harness, TaskRouted);
        FakeLogRecord[] connector = Lines(harness, ConnectorCallCompleted);
        Assert.Multiple(() =>
        {
            Assert.That(result.Routed, Is.True, result.Details);
            Assert.That(router.Select(r => r.Level), Is.EqualTo(new[] { LogLevel.Information }));
            Assert.That(router[0].Message, Does.Contain("task-log-1").And.Contain("FTMO SUCCESS"));
            Assert.That(connector.Select(r => r.Level), Is.EqualTo(new[] { LogLevel.Debug }));
            Assert.That(connector[0].Message, Does.Contain("place_order at FTMO: SUCCESS").And.Contain("order_id FTMO_1"));
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_RoutedFailure_ConnectorLineStaysAtInformation()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Status(HttpStatusCode.BadRequest, "quantity too large"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("task-log-2", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        FakeLogRecord[] connector = Lines(harness, ConnectorCallCompleted);
        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Single().ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(connector.Select(r => r.Level), Is.EqualTo(new[] { LogLevel.Information }));
            Assert.That(connector[0].Message, Does.Contain("FAILED ORDER_REJECTED"));
            Assert.That(Lines(harness, TaskRouted).Select(r => r.Level), Is.EqualTo(new[] { LogLevel.Information }));
        });
    }

    [Test]
    public async Task ExecuteAsync_OneFirmAnsweringDifferentlyInTurn_EachSummaryAndLineSaysItsOwnOutcome()
    {
        // One-firm summaries are made once and shared: each outcome of the same firm must still get its own.
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Status(HttpStatusCode.BadRequest, "quantity too large"));
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_3"));
        const string Payload = """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}""";

        string[] details = new string[3];
        for (int i = 0; i < details.Length; i++)
        {
            details[i] = (await harness.Router.ExecuteAsync(Tasks.Create($"task-turn-{i}", Payload))).Details;
        }

        FakeLogRecord[] lines = Lines(harness, TaskRouted);
        Assert.Multiple(() =>
        {
            Assert.That(details, Is.EqualTo(new[]
            {
                "routed to 1 of 1 firm: FTMO SUCCESS",
                "routed to 0 of 1 firm: FTMO FAILED (ORDER_REJECTED)",
                "routed to 1 of 1 firm: FTMO SUCCESS",
            }));
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[1].Message, Does.Match(@"^Task task-turn-1 \(ENTRY, trade T-2025-11-22-001\): routed to 0 of 1 firm: FTMO FAILED \(ORDER_REJECTED\) \(dry_run False, [0-9]+\.[0-9] ms\)$"));
            Assert.That(lines[2].Message, Does.StartWith("Task task-turn-2 (ENTRY, trade T-2025-11-22-001): routed to 1 of 1 firm: FTMO SUCCESS (dry_run False, "));
            Assert.That(lines[0].StructuredState!.Single(p => p.Key == "DryRun").Value, Is.EqualTo("False"));
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task PlaceOrderAsync_DirectCall_ConnectorLineAtInformation()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_9"));
        BasePropConnector ftmo = harness.Services.GetRequiredService<IPropConnectorRegistry>().TryGet("FTMO", out BasePropConnector? c) ? c : throw new InvalidOperationException();
        OrderRequest order = new() { ClientOrderId = ClientOrderIds.Create("task-log-3", "FTMO"), Symbol = "NQ", Side = OrderSide.Buy, Quantity = 1m };

        ConnectorResult result = await ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ToString());
            Assert.That(Lines(harness, ConnectorCallCompleted).Select(r => r.Level), Is.EqualTo(new[] { LogLevel.Information }));
            Assert.That(Lines(harness, TaskRouted), Is.Empty);
        });
    }
}
