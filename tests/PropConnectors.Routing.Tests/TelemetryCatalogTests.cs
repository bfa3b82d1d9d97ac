using System.Diagnostics.Metrics;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;
using PropConnectors.Telemetry;

namespace PropConnectors.Routing.Tests;

/// <summary>
/// The README's Telemetry section lists the SDK's instruments for dashboards and alerts to be built on: a renamed,
/// re-typed or added instrument fails here before it silently breaks them.
/// </summary>
public class TelemetryCatalogTests
{
    [Test]
    public async Task PropConnectorsMeter_AfterALiveTask_PublishesExactlyTheDocumentedInstruments()
    {
        // A live task touches both packages' instruments (the routing and the connector ones).
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));
        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("catalog-" + Guid.NewGuid().ToString("N"), """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));
        Assert.That(result.ConnectorResults.Single().Status, Is.EqualTo(ConnectorStatus.Success));

        var published = new List<(string Name, string? Unit, string Kind)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == PropConnectorsTelemetry.Name)
                {
                    lock (published)
                    {
                        published.Add((instrument.Name, instrument.Unit, Kind(instrument)));
                    }
                }
            },
        };
        listener.Start(); // publishes every instrument that exists

        lock (published)
        {
            Assert.That(published, Is.EquivalentTo(new[]
            {
                ("propconnectors.tasks", "{task}", "counter"),
                ("propconnectors.task.duration", "s", "histogram"),
                ("propconnectors.task.results", "{result}", "counter"),
                ("propconnectors.orders", "{order}", "counter"),
                ("propconnectors.order.duration", "s", "histogram"),
                ("propconnectors.calls", "{call}", "counter"),
                ("propconnectors.kill_switch.changes", "{change}", "counter"),
            }));
        }
    }

    private static string Kind(Instrument instrument) => instrument switch
    {
        Counter<long> => "counter",
        Histogram<double> => "histogram",
        _ => instrument.GetType().Name,
    };
}
