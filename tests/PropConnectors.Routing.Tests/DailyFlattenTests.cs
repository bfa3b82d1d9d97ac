using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PropConnectors.Results;
using PropConnectors.Routing.Hosting;
using PropConnectors.Routing.Tests.Support;
using RichardSzalay.MockHttp;

namespace PropConnectors.Routing.Tests;

/// <summary>CONTRACT §13 rule 3: the daily flatten at Apex's 16:54 New York, once a trading day, under a task id of the day.</summary>
public sealed class DailyFlattenTests
{
    private static readonly DateTimeOffset Monday1654 = new(2026, 3, 9, 20, 54, 0, TimeSpan.Zero); // 16:54 EDT, the day after the spring change

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class Firm : IDisposable
    {
        private int _positionReads;

        public Firm(Action<Dictionary<string, string?>>? settings = null)
        {
            Harness = RouterHarness.Create(live: true, settings: settings, connectors: b => b.AddRoutingService());
            Harness.Apex.Mock.When(HttpMethod.Get, RouterHarness.ApexBaseUrl + "/positions").Respond(_ =>
                Json(Interlocked.Increment(ref _positionReads) == 1 ? """{"positions":[{"symbol":"NQ","side":"LONG","quantity":1}]}""" : """{"positions":[]}"""));
            Harness.Apex.Mock.When(HttpMethod.Get, RouterHarness.ApexOrdersUrl).WithQueryString("status", "open").Respond(_ => Json("""{"orders":[]}"""));
            Post = Harness.Apex.Mock.When(HttpMethod.Post, RouterHarness.ApexOrdersUrl).WithPartialContent("\"reduce_only\":true").Respond(_ => FirmHttp.Order("A-1"));
        }

        public RouterHarness Harness { get; }

        public MockedRequest Post { get; }

        public int Closes => Harness.Apex.Mock.GetMatchCount(Post);

        // A new service, as after a restart: it remembers nothing.
        public DailyFlattenService NewService() => ActivatorUtilities.CreateInstance<DailyFlattenService>(Harness.Services);

        public void Dispose() => Harness.Dispose();
    }

    [Test]
    public async Task At1654NewYork_FlattensApexOnce_AndARestartClosesNothingTwice()
    {
        using var firm = new Firm();
        DailyFlattenService service = firm.NewService();

        firm.Harness.Time.SetUtcNow(Monday1654.AddMinutes(-1));
        IReadOnlyList<ExecutionResult> early = await service.CheckAsync(CancellationToken.None);
        firm.Harness.Time.SetUtcNow(Monday1654);
        IReadOnlyList<ExecutionResult> due = await service.CheckAsync(CancellationToken.None);
        firm.Harness.Time.SetUtcNow(Monday1654.AddMinutes(1));
        IReadOnlyList<ExecutionResult> again = await service.CheckAsync(CancellationToken.None);
        IReadOnlyList<ExecutionResult> restarted = await firm.NewService().CheckAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Empty, "16:53 New York");
            Assert.That(due.Select(r => r.TaskId), Is.EqualTo(new[] { "flatten-2026-03-09-APEX-default" }), "Apex only: FTMO has no FlattenAt");
            Assert.That(due[0].EventType, Is.EqualTo("FLATTEN"));
            Assert.That(due[0].ConnectorResults.Single().Actions!.Single().Kind, Is.EqualTo(ConnectorActionKind.Close));
            Assert.That(again, Is.Empty, "once a day");
            Assert.That(restarted.Select(r => r.TaskId), Is.EqualTo(new[] { "flatten-2026-03-09-APEX-default" }), "the same task id after a restart");
            Assert.That(restarted[0].ConnectorResults.Single().Actions, Is.Empty, "nothing left to close");
            Assert.That(firm.Closes, Is.EqualTo(1));
        });
    }

    [TestCase("2026-03-07T21:54:00Z", TestName = "Saturday")]
    [TestCase("2026-03-09T21:24:00Z", TestName = "After the 30-minute window")]
    [TestCase("2026-03-09T21:54:00Z", TestName = "16:54 EST is 21:54 UTC, but on this day New York is on EDT: 17:54")]
    public async Task NotDue_SendsNothing(string utc)
    {
        using var firm = new Firm();
        firm.Harness.Time.SetUtcNow(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        IReadOnlyList<ExecutionResult> sent = await firm.NewService().CheckAsync(CancellationToken.None);

        Assert.That(sent, Is.Empty);
        Assert.That(firm.Harness.Apex.Mock.GetMatchCount(firm.Post), Is.Zero);
    }

    [Test]
    public async Task FlattenAtOff_OrConfiguredElsewhere()
    {
        using var firm = new Firm(s =>
        {
            s["PropConnectors:Firms:APEX:FlattenAt"] = "off";
            s["PropConnectors:Firms:FTMO:FlattenAt"] = "15:50 America/New_York";
        });
        firm.Harness.Time.SetUtcNow(new DateTimeOffset(2026, 3, 9, 19, 50, 0, TimeSpan.Zero));
        firm.Harness.Ftmo.Mock.When(HttpMethod.Get, RouterHarness.FtmoBaseUrl + "/positions").Respond(_ => Json("""{"positions":[]}"""));
        firm.Harness.Ftmo.Mock.When(HttpMethod.Get, RouterHarness.FtmoOrdersUrl).WithQueryString("status", "open").Respond(_ => Json("""{"orders":[]}"""));

        IReadOnlyList<ExecutionResult> sent = await firm.NewService().CheckAsync(CancellationToken.None);

        Assert.That(sent.Select(r => r.TaskId), Is.EqualTo(new[] { "flatten-2026-03-09-FTMO-default" }));
        Assert.That(sent[0].ConnectorResults.Single().Status, Is.EqualTo(ConnectorStatus.Success));
    }
}
