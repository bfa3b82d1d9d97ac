using System.Diagnostics;
using System.Net;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Telemetry;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>One Meter and one ActivitySource named PropConnectors: orders counted by firm and status, a span per call, no secret in either.</summary>
public sealed class TelemetryTests
{
    private static Measurement[] Sdk(TelemetryCapture capture, string instrument) =>
        [.. capture.Measurements.Where(m => m.Meter == PropConnectorsTelemetry.Name && m.Instrument == instrument)];

    [Test]
    public async Task PlaceOrderAsync_SuccessAndRejection_CountedByFirmAndStatus()
    {
        using var telemetry = new TelemetryCapture();
        using var host = TestHost.Create();
        OrderRequest ftmoOrder = TestOrders.Ftmo();
        OrderRequest apexOrder = TestOrders.Apex();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, ftmoOrder.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);
        host.ApexHttp.ExpectPost(TestHost.ApexOrders, apexOrder.ClientOrderId).RespondJson(HttpStatusCode.UnprocessableEntity, """{"error":"market closed"}""");

        await host.Ftmo.PlaceOrderAsync(ftmoOrder);
        await host.Apex.PlaceOrderAsync(apexOrder);

        Measurement[] orders = Sdk(telemetry, "propconnectors.orders");
        Assert.Multiple(() =>
        {
            Assert.That(orders.Select(m => (m.Tag("firm"), m.Tag("status"), m.Value)), Is.EquivalentTo(new[] { ("FTMO", "SUCCESS", 1d), ("APEX", "FAILED", 1d) }));
            Assert.That(orders.Single(m => m.Tag("firm") == "APEX").Tag("error_code"), Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(Sdk(telemetry, "propconnectors.order.duration").Select(m => (m.Tag("firm"), m.Tag("status"))), Is.EquivalentTo(new[] { ("FTMO", "SUCCESS"), ("APEX", "FAILED") }));
            Assert.That(Sdk(telemetry, "propconnectors.calls").Select(m => m.Tag("operation")), Is.All.EqualTo("place_order"));
        });
    }

    [Test]
    public async Task PlaceOrderAsync_DryRun_CountedAsSkipped()
    {
        using var telemetry = new TelemetryCapture();
        using var host = TestHost.Create(s => s.Global = null);

        await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());

        Measurement order = Sdk(telemetry, "propconnectors.orders").Single();
        Assert.Multiple(() =>
        {
            Assert.That(order.Tag("firm"), Is.EqualTo("FTMO"));
            Assert.That(order.Tag("status"), Is.EqualTo("SKIPPED"));
            Assert.That(order.Tag("error_code"), Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
        });
    }

    [Test]
    public async Task PlaceOrderAsync_SlowFirm_DurationMeasuredOnTheInjectedClock()
    {
        using var telemetry = new TelemetryCapture();
        using var host = TestHost.Create(s => s.Configuration["PropConnectors:Firms:FTMO:AttemptTimeout"] = "00:00:04");
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondForever();
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        await host.FtmoRequests.WaitForCountAsync(1);
        host.Clock.Advance(TimeSpan.FromSeconds(4));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Duration, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(Sdk(telemetry, "propconnectors.order.duration").Single().Value, Is.EqualTo(4d));
        });
    }

    [Test]
    public async Task EveryCall_OneSpanWithFirmAndOutcome()
    {
        using var telemetry = new TelemetryCapture();
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, TestOrders.FilledJson);
        host.FtmoHttp.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_12345").RespondJson(HttpStatusCode.NotFound, """{"error":"gone"}""");

        await host.Ftmo.PlaceOrderAsync(order);
        await host.Ftmo.GetOrderStatusAsync("FTMO_12345");
        await host.Ftmo.CancelOrderAsync(".");

        Activity[] spans = [.. telemetry.Activities.Where(a => a.Source.Name == PropConnectorsTelemetry.Name)];
        Assert.That(spans.Select(a => a.DisplayName), Is.EqualTo(new[] { "PropConnectors place_order", "PropConnectors get_order_status", "PropConnectors cancel_order" }));
        Activity placed = spans[0];
        Activity status = spans[1];
        Assert.Multiple(() =>
        {
            Assert.That(spans.Select(a => a.GetTagItem("propconnectors.firm")), Is.All.EqualTo("FTMO"));
            Assert.That(spans.Select(a => a.Kind), Is.All.EqualTo(ActivityKind.Client));
            Assert.That(placed.GetTagItem("propconnectors.status"), Is.EqualTo("SUCCESS"));
            Assert.That(placed.GetTagItem("propconnectors.client_order_id"), Is.EqualTo(order.ClientOrderId));
            Assert.That(placed.GetTagItem("propconnectors.order_id"), Is.EqualTo("FTMO_12345"));
            Assert.That(placed.GetTagItem("propconnectors.attempts"), Is.EqualTo(1));
            Assert.That(placed.Status, Is.EqualTo(ActivityStatusCode.Ok));
            Assert.That(status.GetTagItem("propconnectors.error_code"), Is.EqualTo(ConnectorErrorCodes.OrderNotFound));
            Assert.That(status.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(spans[2].GetTagItem("propconnectors.error_code"), Is.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(telemetry.AllText().Where(t => t.Contains(TestHost.FtmoKey, StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public void Names_MatchStyleGuide()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PropConnectorsTelemetry.Name, Is.EqualTo("PropConnectors"));
            Assert.That(PropConnectorsTelemetry.Version, Does.Match(@"^\d+\.\d+\.\d+"));
            Assert.That(Http.PropConnectorsHttp.UserAgent, Is.EqualTo("PropConnectors/" + PropConnectorsTelemetry.Version));
        });
    }
}
