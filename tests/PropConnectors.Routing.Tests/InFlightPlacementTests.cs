using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;

namespace PropConnectors.Routing.Tests;

/// <summary>
/// The only firm of a live task whose first order request is still on the network when the router returns its task:
/// the router awaits that request itself and the connector finishes the placement from its outcome. Every firm answer
/// here is held until the task is under way, so that path is the one taken; the results must be those of a direct call.
/// </summary>
public class InFlightPlacementTests
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);
    private const string OneFirm = """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["FTMO"]}""";
    private const int ConnectorCallCompleted = 1010;
    private const int TaskCancelledEvent = 2010;

    [Test]
    public async Task ExecuteAsync_AnswerArrivesAfterTheTaskIsUnderWay_SuccessWithSpansAndLogsOfARoutedOrder()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string taskId = "in-flight-" + Guid.NewGuid().ToString("N");
        string key = ClientOrderIds.Create(taskId, "FTMO");
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl)
            .WithHeaders("Idempotency-Key", key)
            .WithPartialContent($"\"client_order_id\":\"{key}\"")
            .Respond(async () =>
            {
                await answer.Task;
                return FirmHttp.Order("FTMO_41");
            });
        var activities = new List<Activity>();
        using ActivityListener listener = Spans.Listen(activities);

        Task<ExecutionResult> routing = harness.Router.ExecuteAsync(Tasks.Create(taskId, OneFirm));
        bool pendingWhileTheFirmHolds = !routing.IsCompleted;
        answer.SetResult();
        ExecutionResult result = await routing.WaitAsync(SignalTimeout);

        Assert.That(Activity.Current, Is.Null, "no span leaks into the caller's context");
        ConnectorResult ftmo = result.ConnectorResults.Single();
        lock (activities)
        {
            Activity task = activities.Single(a => a.OperationName == "PropConnectors execute_task" && Equals(a.GetTagItem("propconnectors.task_id"), taskId));
            Activity firm = activities.Single(a => a.OperationName == "PropConnectors route_firm" && a.ParentSpanId == task.SpanId);
            Activity[] calls = [.. activities.Where(a => a.ParentSpanId == firm.SpanId)];
            Assert.Multiple(() =>
            {
                Assert.That(pendingWhileTheFirmHolds, Is.True);
                Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success), ftmo.ErrorMessage);
                Assert.That(ftmo.ExternalOrderId, Is.EqualTo("FTMO_41"));
                Assert.That(ftmo.OrderStatus, Is.EqualTo("FILLED"));
                Assert.That(ftmo.ClientOrderId, Is.EqualTo(key));
                Assert.That(ftmo.Attempts, Is.EqualTo(1));
                Assert.That(ftmo.RawRequest?.Method, Is.EqualTo("POST"));
                Assert.That(result.Details, Is.EqualTo("routed to 1 of 1 firm: FTMO SUCCESS"));
                Assert.That(calls.Select(a => a.OperationName), Is.EqualTo(new[] { "PropConnectors place_order" }), "the connector's span, under the firm's");
                Assert.That(calls[0].GetTagItem("propconnectors.status"), Is.EqualTo("SUCCESS"));
                Assert.That(calls[0].GetTagItem("propconnectors.order_id"), Is.EqualTo("FTMO_41"));
                Assert.That(calls[0].Status, Is.EqualTo(ActivityStatusCode.Ok));
                Assert.That(firm.GetTagItem("propconnectors.attempts"), Is.EqualTo(1));
                Assert.That(harness.Logs.GetSnapshot().Where(r => r.Id.Id == ConnectorCallCompleted).Select(r => r.Level), Is.EqualTo(new[] { LogLevel.Debug }));
            });
        }

        harness.Ftmo.VerifyExactly();
    }

    [TestCase(false, TestName = "ExecuteAsync_ConnectionResetWhileInFlight_LooksTheOrderUpThenSendsItAgainWithTheSameKey")]
    [TestCase(true, TestName = "ExecuteAsync_ConnectionResetWhileInFlightAndTheFirmHoldsTheOrder_SuccessWithoutSendingItAgain")]
    public async Task ExecuteAsync_ConnectionResetWhileInFlight_LooksTheOrderUp(bool firmHoldsIt)
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string key = ClientOrderIds.Create("in-flight-reset", "FTMO");
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(() => ResetAfter(answer.Task));
        harness.Ftmo.Mock.Expect(HttpMethod.Get, RouterHarness.FtmoOrdersUrl).WithExactQueryString("client_order_id=" + key).Respond(async () =>
        {
            await Task.Delay(1);
            return firmHoldsIt ? FirmHttp.Order("FTMO_43", "ACCEPTED") : FirmHttp.Status(HttpStatusCode.NotFound);
        });
        if (!firmHoldsIt)
        {
            harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(_ => FirmHttp.Order("FTMO_42"));
        }

        Task<ExecutionResult> routing = harness.Router.ExecuteAsync(Tasks.Create("in-flight-reset", OneFirm));
        bool pendingWhileTheFirmHolds = !routing.IsCompleted;
        answer.SetResult();
        ExecutionResult result = await routing.WaitAsync(SignalTimeout);

        ConnectorResult ftmo = result.ConnectorResults.Single();
        Assert.Multiple(() =>
        {
            Assert.That(pendingWhileTheFirmHolds, Is.True);
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success), ftmo.ErrorMessage);
            Assert.That(ftmo.ExternalOrderId, Is.EqualTo(firmHoldsIt ? "FTMO_43" : "FTMO_42"));
            Assert.That(ftmo.Attempts, Is.EqualTo(firmHoldsIt ? 1 : 2), "order requests sent; the lookup is not one");
            Assert.That(result.Routed, Is.True);
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_FirstRequestOutlivesItsAttemptTimeout_LooksTheOrderUpThenSendsItAgain()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string key = ClientOrderIds.Create("in-flight-timeout", "FTMO");
        var never = new TaskCompletionSource<HttpResponseMessage>();
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(() => never.Task);
        harness.Ftmo.Mock.Expect(HttpMethod.Get, RouterHarness.FtmoOrdersUrl).WithExactQueryString("client_order_id=" + key).Respond(_ => FirmHttp.Status(HttpStatusCode.NotFound));
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(_ => FirmHttp.Order("FTMO_45"));

        Task<ExecutionResult> routing = harness.Router.ExecuteAsync(Tasks.Create("in-flight-timeout", OneFirm));
        bool pendingBeforeTheTimeout = !routing.IsCompleted;
        harness.Time.Advance(TimeSpan.FromSeconds(10)); // the default attempt timeout, on the harness's clock
        ExecutionResult result = await routing.WaitAsync(SignalTimeout);

        ConnectorResult ftmo = result.ConnectorResults.Single();
        Assert.Multiple(() =>
        {
            Assert.That(pendingBeforeTheTimeout, Is.True);
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success), ftmo.ErrorMessage);
            Assert.That(ftmo.ExternalOrderId, Is.EqualTo("FTMO_45"));
            Assert.That(ftmo.Attempts, Is.EqualTo(2));
            Assert.That(ftmo.Duration, Is.EqualTo(TimeSpan.FromSeconds(10)), "the call's time, on the clock of its TimeProvider");
            Assert.That(harness.Logs.GetSnapshot().Any(r => r.Message.Contains("attempt 1 answered TimedOut", StringComparison.Ordinal)), Is.True);
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_RateLimitedWhileInFlight_ConnectorRetriesThenRouterReAttemptsWithTheSameKey()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string key = ClientOrderIds.Create("in-flight-429", "FTMO");
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(async () =>
        {
            await answer.Task;
            return FirmHttp.Status(HttpStatusCode.TooManyRequests);
        });
        for (int i = 0; i < 2; i++)
        {
            harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(async () =>
            {
                await Task.Delay(1);
                return FirmHttp.Status(HttpStatusCode.TooManyRequests);
            });
        }

        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).WithHeaders("Idempotency-Key", key).Respond(_ => FirmHttp.Order("FTMO_44"));

        Task<ExecutionResult> routing = harness.Router.ExecuteAsync(Tasks.Create("in-flight-429", OneFirm));
        answer.SetResult();
        ExecutionResult result = await routing.WaitAsync(SignalTimeout);

        ConnectorResult ftmo = result.ConnectorResults.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Status, Is.EqualTo(ConnectorStatus.Success), ftmo.ErrorMessage);
            Assert.That(ftmo.ExternalOrderId, Is.EqualTo("FTMO_44"));
            Assert.That(ftmo.Attempts, Is.EqualTo(4), "3 requests in the connector's first call (its budget), 1 in the router's re-attempt");
        });
        harness.Ftmo.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_HostCancelsWhileInFlight_ThrowsAndEverySpanEndsCancelled()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        string taskId = "in-flight-cancel-" + Guid.NewGuid().ToString("N");
        using var cancellation = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(async () =>
        {
            reached.SetResult();
            await new TaskCompletionSource().Task.WaitAsync(cancellation.Token);
            return FirmHttp.Order("never");
        });
        var activities = new List<Activity>();
        using ActivityListener listener = Spans.Listen(activities);

        Task<ExecutionResult> routing = harness.Router.ExecuteAsync(Tasks.Create(taskId, OneFirm), cancellation.Token);
        await reached.Task.WaitAsync(SignalTimeout);
        await cancellation.CancelAsync();

        Assert.That(async () => await routing.WaitAsync(SignalTimeout), Throws.InstanceOf<OperationCanceledException>());
        lock (activities)
        {
            Activity task = activities.Single(a => a.OperationName == "PropConnectors execute_task" && Equals(a.GetTagItem("propconnectors.task_id"), taskId));
            Activity firm = activities.Single(a => a.OperationName == "PropConnectors route_firm" && a.ParentSpanId == task.SpanId);
            Activity call = activities.Single(a => a.ParentSpanId == firm.SpanId);
            Assert.Multiple(() =>
            {
                Assert.That(new[] { task, firm, call }.Select(a => (a.Status, a.StatusDescription)), Is.All.EqualTo((ActivityStatusCode.Error, "cancelled")));
                Assert.That(call.OperationName, Is.EqualTo("PropConnectors place_order"));
                Assert.That(harness.Logs.GetSnapshot().Count(r => r.Id.Id == TaskCancelledEvent), Is.EqualTo(1));
                Assert.That(harness.Logs.GetSnapshot().Count(r => r.Id.Id == ConnectorCallCompleted), Is.Zero, "a cancelled call reports no outcome");
            });
        }

        harness.Ftmo.VerifyExactly();
    }

    /// <summary>
    /// Once <paramref name="gate"/> opens, an answer whose body cannot be read (the connection reset while reading it): the
    /// request may or may not have reached the firm. (A handler task that faults is not an option: MockHttp 7.1 never
    /// completes the request then, even for a bare HttpClient.)
    /// </summary>
    private static async Task<HttpResponseMessage> ResetAfter(Task gate)
    {
        await gate;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new PropConnectors.Abstractions.Tests.Support.FailingStream()) };
    }
}
