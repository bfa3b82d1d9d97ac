using System.Net;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>
/// CONTRACT §6 on a fake clock: backoff and Retry-After for placements, free retries of GET and DELETE by the
/// firm's HTTP pipeline (never of POST), the total budget, and one firm's trouble never touching another's.
/// </summary>
public sealed class RetriesTests
{
    private static TestHost WithBackoff(Action<TestHostSetup>? more = null) => TestHost.Create(s =>
    {
        s.Configuration["PropConnectors:Firms:FTMO:RetryDelay"] = "00:00:00.500";
        s.Configuration["PropConnectors:Firms:APEX:RetryDelay"] = "00:00:00.500";
        more?.Invoke(s);
    });

    [TestCase(5)]
    [TestCase(12)]
    public async Task PlaceOrderAsync_429WithRetryAfter_SecondPostNotBeforeRetryAfterOnTheClock(int seconds)
    {
        using var host = WithBackoff();
        OrderRequest order = TestOrders.Ftmo();
        TimeSpan retryAfter = TimeSpan.FromSeconds(seconds);
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).Respond(_ => Answer.WithRetryAfter(HttpStatusCode.TooManyRequests, retryAfter));
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, TestOrders.FilledJson);

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        await host.FtmoRequests.WaitForCountAsync(1);
        await host.Clock.WaitForTimerAsync(retryAfter);
        for (int second = 1; second < seconds; second++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.That(host.FtmoRequests.Count, Is.EqualTo(1), $"no second POST after {second} s of {seconds}");
        }

        host.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.That(host.FtmoRequests.Count, Is.EqualTo(1), "no second POST 1 ms before Retry-After");
        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await host.FtmoRequests.WaitForCountAsync(2);
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.Attempts, Is.EqualTo(2));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_429WithoutRetryAfter_WaitsABackoffOnTheClock()
    {
        using var host = WithBackoff();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.TooManyRequests);
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        await host.FtmoRequests.WaitForCountAsync(1);
        TimeSpan backoff = await host.Clock.WaitForTimerAsync(d => d > TimeSpan.Zero && d < TimeSpan.FromSeconds(5));
        host.Clock.Advance(backoff - TimeSpan.FromTicks(1));
        Assert.That(host.FtmoRequests.Count, Is.EqualTo(1), $"no second POST before the {backoff} backoff");
        host.Clock.Advance(TimeSpan.FromTicks(1));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_RetryAfterBeyondTotalBudget_GivesUpAtOnceWithRetry()
    {
        using var host = WithBackoff(s => s.Configuration["FTMO_TIMEOUT_SECONDS"] = "5");
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).Respond(_ => Answer.WithRetryAfter(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(10)));

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order).WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.RateLimited));
            Assert.That(result.ErrorMessage, Does.Contain("5 s"));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(10)), "the firm's Retry-After reaches the caller (the router waits for it)");
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task PlaceOrderAsync_WallClockJumpsAnHourDuringTheCall_BudgetRunsOnTheMonotonicClock()
    {
        using var host = WithBackoff(s => s.Configuration["FTMO_TIMEOUT_SECONDS"] = "30");
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).Respond(_ =>
        {
            host.Clock.WallClockOffset = TimeSpan.FromHours(1); // the machine's clock is corrected while the firm answers
            return Answer.WithRetryAfter(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5));
        });
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, TestOrders.FilledJson);

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        await host.FtmoRequests.WaitForCountAsync(1);
        await host.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), "5 s of a 30 s budget were used: the wall clock's jump must not end the call");
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(result.Duration, Is.EqualTo(TimeSpan.FromSeconds(5)), "the call's duration is monotonic too");
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_CallerCancelsDuringBackoff_ThrowsAndSendsNoMore()
    {
        using var host = WithBackoff();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).Respond(_ => Answer.WithRetryAfter(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(5)));
        using var cts = new CancellationTokenSource();

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order, cts.Token);
        await host.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        await cts.CancelAsync();

        Assert.That(async () => await call.WaitAsync(TestHost.RealTimeLimit), Throws.InstanceOf<OperationCanceledException>());
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task TimeoutSeconds_ShorterThanAttemptTimeout_FirmStaysUsableAndAttemptLeavesTimeForALookup()
    {
        using var host = TestHost.Create(s => s.Configuration["FTMO_TIMEOUT_SECONDS"] = "5");
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ToString());
            Assert.That(host.Ftmo.Options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(host.Ftmo.Options.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(2.5)), "half the call, so a timed-out attempt can still be looked up");
        });
        host.VerifyAllRequests(ftmo: 1);
    }

}
