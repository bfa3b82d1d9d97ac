using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PropConnectors.Configuration;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing.Hosting;
using PropConnectors.Routing.Tests.Support;
using PropConnectors.Telemetry;

namespace PropConnectors.Routing.Tests;

public class ExecutionRouterTests
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    private const string TwoFirmNq = """{"symbol":"NQ","side":"BUY","quantity":1,"stop_loss":4150,"firm_codes":["FTMO","APEX"]}""";

    [Test]
    public async Task ExecuteAsync_LiveTwoFirms_OneRequestEachWithIdempotencyKeyAndBody()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string ftmoId = ClientOrderIds.Create("task-42", "FTMO");
        string apexId = ClientOrderIds.Create("task-42", "APEX");
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl)
            .WithHeaders("Idempotency-Key", ftmoId)
            .WithHeaders("Authorization", "Bearer " + RouterHarness.FtmoKey)
            .WithPartialContent($"\"client_order_id\":\"{ftmoId}\"")
            .WithPartialContent("\"entry_price\":4156.25")
            .Respond(_ => FirmHttp.Order("FTMO_12345"));
        harness.Apex.Mock.Expect(HttpMethod.Post, RouterHarness.ApexOrdersUrl)
            .WithHeaders("Idempotency-Key", apexId)
            .WithHeaders("Authorization", "Bearer " + RouterHarness.ApexKey)
            .Respond(_ => FirmHttp.Order("APEX_9", "ACCEPTED"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("task-42"));

        Assert.Multiple(() =>
        {
            Assert.That(result.TaskId, Is.EqualTo("task-42"));
            Assert.That(result.TradeId, Is.EqualTo("T-2025-11-22-001"));
            Assert.That(result.EventType, Is.EqualTo("ENTRY"));
            Assert.That(result.DryRun, Is.False);
            Assert.That(result.Routed, Is.True);
            Assert.That(result.Details, Is.EqualTo("routed to 2 of 2 firms: FTMO SUCCESS, APEX SUCCESS"));
            Assert.That(result.ConnectorResults[0].ExternalOrderId, Is.EqualTo("FTMO_12345"));
            Assert.That(result.ConnectorResults[0].ClientOrderId, Is.EqualTo(ftmoId));
            Assert.That(result.ConnectorResults[0].Attempts, Is.EqualTo(1));
            Assert.That(result.ConnectorResults[1].ExternalOrderId, Is.EqualTo("APEX_9"));
            Assert.That(result.ConnectorResults[1].OrderStatus, Is.EqualTo("ACCEPTED"));
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_SymbolOnlyOneFirmTrades_OtherFirmUnsupportedSymbolWithoutRequest()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"EURUSD","side":"SELL","quantity":1,"firm_codes":["FTMO","APEX"]}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.Details, Is.EqualTo("routed to 1 of 2 firms: FTMO SUCCESS, APEX FAILED (UNSUPPORTED_SYMBOL)"));
            Assert.That(result.ConnectorResults[1].Attempts, Is.Zero);
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_QuantityAboveOneFirmsLimit_PositionLimitForThatFirmOnly()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":"30","stop_loss":4150,"firm_codes":["FTMO","APEX"]}"""));

        Assert.That(result.Details, Is.EqualTo("routed to 1 of 2 firms: FTMO SUCCESS, APEX FAILED (POSITION_LIMIT_EXCEEDED)"));
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_InvalidPayloadLive_InvalidOrderForEveryFirmAndNoRequest()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","quantity":1,"firm_codes":["FTMO","APEX","ACME"]}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => r.ErrorCode), Is.All.EqualTo(ConnectorErrorCodes.InvalidOrder), "an invalid payload comes before an unknown firm");
            Assert.That(result.ConnectorResults[0].ErrorMessage, Does.StartWith("Invalid order payload: side is missing"));
            Assert.That(result.Details, Does.StartWith("invalid order payload (side is missing").And.EndWith("routed to 0 of 3 firms: FTMO FAILED (INVALID_ORDER), APEX FAILED (INVALID_ORDER), ACME FAILED (INVALID_ORDER)"));
            Assert.That(result.Routed, Is.False);
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_TwoSlowFirms_BothRequestsInFlightAtOnce()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        var ftmoReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var apexReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(async () =>
        {
            ftmoReached.SetResult();
            await release.Task;
            return FirmHttp.Order("FTMO_1");
        });
        harness.Apex.Mock.Expect(HttpMethod.Post, RouterHarness.ApexOrdersUrl).Respond(async () =>
        {
            apexReached.SetResult();
            await release.Task;
            return FirmHttp.Order("APEX_1");
        });

        Task<ExecutionResult> execution = harness.Router.ExecuteAsync(Tasks.Create("t", TwoFirmNq));

        // Neither firm answers until both requests have arrived: sequential routing would never get here.
        await Task.WhenAll(ftmoReached.Task, apexReached.Task).WaitAsync(SignalTimeout);
        Assert.That(execution.IsCompleted, Is.False);
        release.SetResult();
        ExecutionResult result = await execution.WaitAsync(SignalTimeout);

        Assert.That(result.ConnectorResults.Select(r => r.Status), Is.All.EqualTo(ConnectorStatus.Success));
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_OneFirmSlowAndFailing_OtherFirmResultUnchanged()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var apexDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(async () =>
        {
            await release.Task;
            return FirmHttp.Status(HttpStatusCode.Unauthorized, "bad key");
        });
        harness.Apex.Mock.Expect(HttpMethod.Post, RouterHarness.ApexOrdersUrl).Respond(() =>
        {
            apexDone.SetResult();
            return Task.FromResult(FirmHttp.Order("APEX_1"));
        });

        Task<ExecutionResult> execution = harness.Router.ExecuteAsync(Tasks.Create("t", TwoFirmNq));
        await apexDone.Task.WaitAsync(SignalTimeout);
        release.SetResult();
        ExecutionResult result = await execution.WaitAsync(SignalTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(result.Details, Is.EqualTo("routed to 1 of 2 firms: FTMO FAILED (AUTH_FAILED), APEX SUCCESS"));
            Assert.That(result.ConnectorResults[1].ExternalOrderId, Is.EqualTo("APEX_1"));
            Assert.That(result.Routed, Is.True);
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_ThrowingConnectorBesideHealthyFirm_ConnectorErrorForItOnly()
    {
        using RouterHarness harness = RouterHarness.Create(live: true, connectors: b => b.AddConnector<ThrowingConnector>(ThrowingConnector.Profile, ThrowingConnector.Configure));
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["BOOM","FTMO"]}"""));

        // The base class decides FAILED or UNKNOWN (a throw while sending may have reached the firm); either way CONNECTOR_ERROR, for BOOM only.
        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults[0].Status, Is.AnyOf(ConnectorStatus.Failed, ConnectorStatus.Unknown));
            Assert.That(result.ConnectorResults[0].ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorError));
            Assert.That(result.ConnectorResults[0].ErrorMessage, Does.Not.Contain("boom-secret"));
            Assert.That(result.ConnectorResults[1].Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ConnectorResults[1].ExternalOrderId, Is.EqualTo("FTMO_1"));
            Assert.That(result.Details, Does.StartWith("routed to 1 of 2 firms: BOOM ").And.EndWith("(CONNECTOR_ERROR), FTMO SUCCESS"));
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_ConnectorThrowsOutOfPlaceOrder_RouterTurnsItIntoConnectorError()
    {
        // Options that throw when read make BasePropConnector throw even from its own catch block.
        using RouterHarness harness = RouterHarness.Create(
            live: true,
            connectors: b => b.AddConnector<ThrowingConnector>(ThrowingConnector.Profile),
            services: s => s.AddSingleton<IConfigureOptions<PropFirmOptions>>(new ThrowingFirmOptions(ThrowingConnector.Code)));
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["BOOM","FTMO"]}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.Details, Is.EqualTo("routed to 1 of 2 firms: BOOM FAILED (CONNECTOR_ERROR), FTMO SUCCESS"));
            Assert.That(result.ConnectorResults[0].ClientOrderId, Is.EqualTo(ClientOrderIds.Create("t", "BOOM")));
            Assert.That(harness.Logs.GetSnapshot().Any(r => r.Id.Id == 2007), Is.True, "the router logs the throw");
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_NoFirmCodesAndOneFirmsOptionsThrow_OtherFirmsStillRouted()
    {
        using RouterHarness harness = RouterHarness.Create(
            connectors: b => b.AddConnector<ThrowingConnector>(ThrowingConnector.Profile),
            services: s => s.AddSingleton<IConfigureOptions<PropFirmOptions>>(new ThrowingFirmOptions(ThrowingConnector.Code)));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1}"""));

        Assert.That(result.ConnectorResults.Select(r => r.FirmCode), Is.EqualTo(new[] { "APEX", "FTMO" }));
    }

    [Test]
    public async Task ExecuteAsync_FirmAlwaysRateLimited_ReAttemptsUpToDefaultCeilingWithSameKey()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string key = ClientOrderIds.Create("t-429", "FTMO");
        ExpectPosts(harness.Ftmo, RouterHarness.FtmoOrdersUrl, key, 9, HttpStatusCode.TooManyRequests);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t-429", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        ConnectorResult ftmo = result.ConnectorResults.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.RateLimited));
            Assert.That(ftmo.Attempts, Is.EqualTo(9), "3 transport attempts for the first try and each of 2 re-attempts");
            Assert.That(ftmo.ClientOrderId, Is.EqualTo(key));
            Assert.That(ftmo.ErrorMessage, Does.Contain("MaxAttemptsPerFirm"));
            Assert.That(result.Details, Is.EqualTo("routed to 0 of 1 firm: FTMO RETRY (RATE_LIMITED)"));
        });
        harness.Ftmo.VerifyExactly();
    }

    [TestCase(4, 4)]
    [TestCase(2, 2)]
    [TestCase(1, 1)]
    [TestCase(7, 7)]
    public async Task ExecuteAsync_CeilingBelowTransportTimesReAttempts_ExactlyCeilingRequests(int ceiling, int expected)
    {
        using RouterHarness harness = RouterHarness.Create(live: true, routing: o => o.MaxAttemptsPerFirm = ceiling);
        ExpectPosts(harness.Ftmo, RouterHarness.FtmoOrdersUrl, ClientOrderIds.Create("t", "FTMO"), expected, HttpStatusCode.TooManyRequests);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        Assert.That(result.ConnectorResults.Single().Attempts, Is.EqualTo(expected));
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_ReAttemptsOff_OnlyTransportAttempts()
    {
        using RouterHarness harness = RouterHarness.Create(live: true, routing: o => o.MaxRetryAttempts = 0);
        ExpectPosts(harness.Ftmo, RouterHarness.FtmoOrdersUrl, ClientOrderIds.Create("t", "FTMO"), 3, HttpStatusCode.ServiceUnavailable);
        harness.Ftmo.Mock.When(HttpMethod.Get, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Status(HttpStatusCode.NotFound));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        ConnectorResult ftmo = result.ConnectorResults.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(ftmo.Attempts, Is.EqualTo(3));
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_RateLimitedThenAccepted_SuccessWithTotalAttempts()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string key = ClientOrderIds.Create("t", "FTMO");
        ExpectPosts(harness.Ftmo, RouterHarness.FtmoOrdersUrl, key, 3, HttpStatusCode.TooManyRequests);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(_ => FirmHttp.Order("FTMO_7"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        ConnectorResult ftmo = result.ConnectorResults.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(ftmo.ExternalOrderId, Is.EqualTo("FTMO_7"));
            Assert.That(ftmo.Attempts, Is.EqualTo(4));
            Assert.That(result.Routed, Is.True);
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_OneFirmReAttempted_EveryConnectorSpanUnderTheFirmsSpan()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string taskId = "spans-" + Guid.NewGuid().ToString("N");
        string key = ClientOrderIds.Create(taskId, "FTMO");
        ExpectPosts(harness.Ftmo, RouterHarness.FtmoOrdersUrl, key, 3, HttpStatusCode.TooManyRequests);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(_ => FirmHttp.Order("FTMO_7"));
        var activities = new List<Activity>();
        using ActivityListener activityListener = Spans.Listen(activities);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create(taskId, """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        Assert.That(Activity.Current, Is.Null, "no span leaks into the caller's context");
        Activity[] mine;
        lock (activities)
        {
            Activity task = activities.Single(a => a.OperationName == "PropConnectors execute_task" && Equals(a.GetTagItem("propconnectors.task_id"), taskId));
            Activity firm = activities.Single(a => a.OperationName == "PropConnectors route_firm" && a.ParentSpanId == task.SpanId);
            mine = [.. activities.Where(a => a.ParentSpanId == firm.SpanId)];
            Assert.Multiple(() =>
            {
                Assert.That(result.ConnectorResults.Single().Status, Is.EqualTo(ConnectorStatus.Success));
                Assert.That(mine.Select(a => a.OperationName), Is.EqualTo(new[] { "PropConnectors place_order" }), "one placement under the firm's span, its re-attempt round included");
                Assert.That(mine.Select(a => a.GetTagItem("propconnectors.firm")), Is.All.EqualTo("FTMO"));
                Assert.That(mine.Single().GetTagItem("propconnectors.attempts"), Is.EqualTo(4));
                Assert.That(firm.GetTagItem("propconnectors.status"), Is.EqualTo("SUCCESS"));
                Assert.That(firm.GetTagItem("propconnectors.attempts"), Is.EqualTo(4));
            });
        }

        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_TwoFirmsOneRateLimitedThenAccepted_OnlyThatFirmReAttempted()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string ftmoKey = ClientOrderIds.Create("t2", "FTMO");
        ExpectPosts(harness.Ftmo, RouterHarness.FtmoOrdersUrl, ftmoKey, 3, HttpStatusCode.TooManyRequests);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", ftmoKey).Respond(_ => FirmHttp.Order("FTMO_7"));
        harness.Apex.Mock.Expect(HttpMethod.Post, RouterHarness.ApexOrdersUrl).WithHeaders("Idempotency-Key", ClientOrderIds.Create("t2", "APEX")).Respond(_ => FirmHttp.Order("APEX_3"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t2", """{"symbol":"NQ","side":"BUY","quantity":1,"stop_loss":4150,"firm_codes":["FTMO","APEX"]}"""));

        ConnectorResult ftmo = result.ConnectorResults.Single(r => r.FirmCode == "FTMO");
        ConnectorResult apex = result.ConnectorResults.Single(r => r.FirmCode == "APEX");
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(ftmo.ExternalOrderId, Is.EqualTo("FTMO_7"));
            Assert.That(ftmo.Attempts, Is.EqualTo(4), "3 answered 429 in the connector's call, the 4th by the router's re-attempt");
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(apex.Attempts, Is.EqualTo(1));
            Assert.That(result.Routed, Is.True);
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_FirmRejects_NotReAttempted()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        ExpectPosts(harness.Ftmo, RouterHarness.FtmoOrdersUrl, ClientOrderIds.Create("t", "FTMO"), 1, HttpStatusCode.UnprocessableEntity);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        Assert.That(result.ConnectorResults.Single().ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_OrderMayBeHeld_UnknownNeverReAttempted()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        ExpectPosts(harness.Ftmo, RouterHarness.FtmoOrdersUrl, ClientOrderIds.Create("t", "FTMO"), 1, HttpStatusCode.InternalServerError);
        harness.Ftmo.Mock.When(HttpMethod.Get, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Status(HttpStatusCode.InternalServerError));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));

        ConnectorResult ftmo = result.ConnectorResults.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Unknown));
            Assert.That(ftmo.Attempts, Is.EqualTo(1));
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_ReAttemptBackoff_WaitsOnTheClock()
    {
        // One order request per round, so the only wait between the two requests is the re-attempt's backoff. The firm's own
        // budget is far longer than the clock moves here, so moving the clock can only release that backoff, never time
        // out the re-attempted round (regression: a timed-out call left the loop below waiting for a POST that never came).
        using RouterHarness harness = RouterHarness.Create(
            live: true,
            settings: s =>
            {
                s["PropConnectors:Firms:FTMO:Timeout"] = "00:10:00";
                s["PropConnectors:Firms:FTMO:RetryDelay"] = "00:00:05";
                s["PropConnectors:Firms:FTMO:MaxAttempts"] = "1";
            },
            routing: o => o.MaxRetryAttempts = 1);
        int posts = 0;
        var firstPost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Ftmo.Mock.When(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ =>
        {
            if (Interlocked.Increment(ref posts) == 1)
            {
                firstPost.SetResult();
            }

            return FirmHttp.Status(HttpStatusCode.TooManyRequests);
        });

        Task<ExecutionResult> execution = harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""));
        await firstPost.Task.WaitAsync(SignalTimeout);
        Assert.Multiple(() =>
        {
            Assert.That(Volatile.Read(ref posts), Is.EqualTo(1));
            Assert.That(execution.IsCompleted, Is.False, "the re-attempt waits for its backoff");
        });

        // Move the clock until the re-attempt has run (the jittered delay is at most a few multiples of 5 s).
        for (int second = 0; Volatile.Read(ref posts) == 1 && !execution.IsCompleted; second++)
        {
            Assert.That(second, Is.LessThan(120), "the re-attempt did not run within 120 s of fake time");
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        ExecutionResult result = await execution.WaitAsync(SignalTimeout);
        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Single().Attempts, Is.EqualTo(2));
            Assert.That(Volatile.Read(ref posts), Is.EqualTo(2));
            Assert.That(harness.Logs.GetSnapshot().Count(r => r.Id.Id == 1014), Is.EqualTo(1), "one re-attempt logged");
        });
    }

    [Test]
    public void ExecuteAsync_CancelledBeforeStart_ThrowsWithoutRequest()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(async () => await harness.Router.ExecuteAsync(Tasks.Create("t"), cts.Token), Throws.InstanceOf<OperationCanceledException>());
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_CancelledWhileInFlight_ThrowsOperationCanceled()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        using var cts = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(async () =>
        {
            reached.SetResult();
            await new TaskCompletionSource().Task.WaitAsync(cts.Token);
            return FirmHttp.Order("never");
        });

        Task<ExecutionResult> execution = harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}"""), cts.Token);
        await reached.Task.WaitAsync(SignalTimeout);
        await cts.CancelAsync();

        Assert.That(async () => await execution.WaitAsync(SignalTimeout), Throws.InstanceOf<OperationCanceledException>());
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public void ExecuteAsync_NullTask_Throws()
    {
        using RouterHarness harness = RouterHarness.Create();
        Assert.That(() => harness.Router.ExecuteAsync(null!), Throws.ArgumentNullException);
    }

    [Test]
    public async Task ExecuteAsync_Telemetry_CountsTaskAndFirmResultsAndTracesWithoutSecrets()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));
        string taskId = "telemetry-" + Guid.NewGuid().ToString("N");
        var measurements = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        var durations = new List<double>();
        var activities = new List<Activity>();

        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PropConnectorsTelemetry.Name && instrument.Name.StartsWith("propconnectors.task", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        meterListener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (durations)
            {
                durations.Add(value);
            }
        });
        meterListener.Start();
        using ActivityListener activityListener = Spans.Listen(activities);

        await harness.Router.ExecuteAsync(Tasks.Create(taskId, """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO","ACME"]}"""));
        Assert.That(Activity.Current, Is.Null, "the router's span does not leak into the caller's context");

        Activity taskSpan = activities.Single(a => a.OperationName == "PropConnectors execute_task" && Equals(a.GetTagItem("propconnectors.task_id"), taskId));
        Activity[] firmSpans = activities.Where(a => a.ParentSpanId == taskSpan.SpanId && a.OperationName == "PropConnectors route_firm").ToArray();
        lock (measurements)
        {
            Assert.Multiple(() =>
            {
                Assert.That(measurements.Where(m => m.Instrument == "propconnectors.tasks").Select(m => (m.Tags["dry_run"], m.Tags["routed"])), Has.Member(((object?)false, (object?)true)));
                Assert.That(measurements.Where(m => m.Instrument == "propconnectors.task.results").Select(m => ((string?)m.Tags["firm"], (string?)m.Tags["status"], (string?)m.Tags["error_code"])),
                    Is.SupersetOf(new[] { ("FTMO", "SUCCESS", string.Empty), ("(unknown)", "FAILED", "UNKNOWN_FIRM") }));
                Assert.That(durations, Is.Not.Empty);
                Assert.That(firmSpans.Select(a => a.GetTagItem("propconnectors.firm")), Is.EquivalentTo(new object[] { "FTMO", "(unknown)" }));
                Assert.That(taskSpan.GetTagItem("propconnectors.routed"), Is.EqualTo(true));
                Assert.That(activities.SelectMany(a => a.TagObjects).Select(t => t.Value?.ToString() ?? string.Empty), Has.None.Contains(RouterHarness.FtmoKey));
            });
        }
    }

    [Test]
    public void AddRouting_Twice_OneRouterAndOneHostedService()
    {
        var services = new ServiceCollection();
        services.AddPropConnectors().AddFtmo().AddRouting().AddRouting().AddRoutingService().AddRoutingService();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetServices<IExecutionRouter>().Count(), Is.EqualTo(1));
            Assert.That(provider.GetRequiredService<IExecutionRouter>(), Is.SameAs(provider.GetRequiredService<ExecutionRouter>()));
            Assert.That(provider.GetServices<IHostedService>().OfType<ExecutionBackgroundService>().Count(), Is.EqualTo(1));
            Assert.That(provider.GetRequiredService<ITaskQueue>(), Is.SameAs(provider.GetRequiredService<ExecutionQueue>()));
            Assert.That(provider.GetRequiredService<ITaskSource>(), Is.SameAs(provider.GetRequiredService<InMemoryTaskSource>()));
            Assert.That(provider.GetRequiredService<IExecutionLog>(), Is.SameAs(provider.GetRequiredService<InMemoryExecutionLog>()));
        });
    }

    [Test]
    public void AddRouting_ConfigurationSection_BindsOptionsAndCodeWins()
    {
        using RouterHarness harness = RouterHarness.Create(
            settings: s =>
            {
                s["PropConnectors:Routing:MaxRetryAttempts"] = "4";
                s["PropConnectors:Routing:BatchSize"] = "50";
                s["PropConnectors:Routing:PollInterval"] = "00:00:05";
            },
            routing: o => o.BatchSize = 7);

        RoutingOptions options = harness.Services.GetRequiredService<IOptions<RoutingOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(options.MaxRetryAttempts, Is.EqualTo(4));
            Assert.That(options.PollInterval, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.BatchSize, Is.EqualTo(7));
            Assert.That(options.MaxAttemptsPerFirm, Is.EqualTo(9));
        });
    }

    [Test]
    public void AddRouting_MalformedConfigurationValue_DefaultKeptAndLogged()
    {
        using RouterHarness harness = RouterHarness.Create(settings: s => s["PropConnectors:Routing:MaxRetryAttempts"] = "lots");

        RoutingOptions options = harness.Services.GetRequiredService<IOptions<RoutingOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(options.MaxRetryAttempts, Is.EqualTo(2));
            Assert.That(harness.Logs.GetSnapshot().Any(r => r.Id.Id == 2030 && r.Message.Contains("MaxRetryAttempts", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public void AddRouting_OutOfRangeOption_ThrowsWhenResolved()
    {
        using RouterHarness harness = RouterHarness.Create(routing: o => o.MaxAttemptsPerFirm = 0);
        Assert.That(() => harness.Router, Throws.InstanceOf<OptionsValidationException>().With.Message.Contains("MaxAttemptsPerFirm"));
    }

    private static void ExpectPosts(FirmHttp firm, string url, string idempotencyKey, int count, HttpStatusCode status)
    {
        for (int i = 0; i < count; i++)
        {
            firm.Mock.Expect(HttpMethod.Post, url).WithHeaders("Idempotency-Key", idempotencyKey).Respond(_ => FirmHttp.Status(status));
        }
    }

    private sealed class ThrowingFirmOptions(string code) : IConfigureNamedOptions<PropFirmOptions>
    {
        public void Configure(string? name, PropFirmOptions options)
        {
            if (name == code)
            {
                throw new InvalidOperationException("options store is broken");
            }
        }

        public void Configure(PropFirmOptions options) => Configure(Options.DefaultName, options);
    }
}
