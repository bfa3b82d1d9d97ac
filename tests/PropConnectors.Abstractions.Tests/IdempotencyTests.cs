using System.Net;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>
/// CONTRACT §4: an order is placed at most once and the host knows whether it was. Every attempt carries the
/// same Idempotency-Key; what the firm provably did not take is re-sent; after an ambiguous failure the order
/// is looked up first; UNKNOWN when it cannot be known.
/// </summary>
public sealed class IdempotencyTests
{
    private static readonly string Post = "POST /v1/orders";

    private static string Lookup(OrderRequest order) => "GET /v1/orders?client_order_id=" + order.ClientOrderId;

    private static string[] Sequence(TestHost host) => [.. host.FtmoRequests.All.Select(r => $"{r.Method.Method} {r.PathAndQuery}")];

    private static void AssertEveryPostCarries(TestHost host, OrderRequest order)
    {
        string?[] keys = [.. host.FtmoRequests.All.Where(r => r.Method == HttpMethod.Post).Select(r => r.Header("Idempotency-Key"))];
        Assert.That(keys, Is.Not.Empty.And.All.EqualTo(order.ClientOrderId));
    }

    private static TestHost Create(Action<TestHostSetup>? more = null) => TestHost.Create(s =>
    {
        s.Configuration["PropConnectors:Firms:FTMO:AttemptTimeout"] = "00:00:02";
        more?.Invoke(s);
    });

    [Test]
    public void Create_SameTaskAndFirm_SameIdEverywhere()
    {
        string first = ClientOrderIds.Create("task-42", "FTMO");

        Assert.Multiple(() =>
        {
            Assert.That(ClientOrderIds.Create("task-42", "ftmo"), Is.EqualTo(first));
            Assert.That(ClientOrderIds.Create("task-42", "APEX"), Is.Not.EqualTo(first));
            Assert.That(ClientOrderIds.Create("task-43", "FTMO"), Is.Not.EqualTo(first));
            Assert.That(ClientOrderIds.Create("task-4", "2FTMO"), Is.Not.EqualTo(ClientOrderIds.Create("task-42", "FTMO")));
            Assert.That(first, Does.Match("^pc-[0-9a-f]{32}$"));
            Assert.That(first, Has.Length.LessThanOrEqualTo(ClientOrderIds.MaxLength));
            Assert.That(ClientOrderIds.IsValid(first), Is.True);
            Assert.That(ClientOrderIds.Create(new string('x', 5000), "FTMO"), Does.Match("^pc-[0-9a-f]{32}$"));
        });
    }

    [TestCase("a", true)]
    [TestCase("pc-0123456789abcdef0123456789abcdef", true)]
    [TestCase("Az09_-", true)]
    [TestCase("x123456789x123456789x123456789x1234567_9", true)] // 40 characters
    [TestCase("x123456789x123456789x123456789x1234567_9x", false)] // 41
    [TestCase("", false)]
    [TestCase(null, false)]
    [TestCase("has space", false)]
    [TestCase("a/b", false)]
    [TestCase("a.b", false)]
    [TestCase("caf\u00e9", false)] // a letter, but not ASCII
    [TestCase("id\u0663", false)] // a digit, but not ASCII
    [TestCase("tab\t", false)]
    public void IsValid_AllowsOnlyOneTo40AsciiLettersDigitsUnderscoresAndHyphens(string? id, bool valid)
    {
        string? decoded = id is null ? null : System.Text.RegularExpressions.Regex.Unescape(id);
        Assert.That(ClientOrderIds.IsValid(decoded), Is.EqualTo(valid));
    }

    [Test]
    public async Task PlaceOrderAsync_Firm429Repeatedly_RetryRateLimitedAfterMaxAttemptsWithSameKey()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.TooManyRequests, """{"error":"too many requests"}""");
        }

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.RateLimited));
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(result.ClientOrderId, Is.EqualTo(order.ClientOrderId));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Post, Post }), "429 is provably not taken: no lookup");
        });
        AssertEveryPostCarries(host, order);
        host.VerifyAllRequests(ftmo: 3);
    }

    [Test]
    public async Task PlaceOrderAsync_Firm429ThenOk_RetriesWithSameIdempotencyKey()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.TooManyRequests);
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, TestOrders.FilledJson);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_12345"));
        });
        AssertEveryPostCarries(host, order);
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_MaxAttemptsConfigured_BoundsThePosts()
    {
        using var host = Create(s => s.Ftmo = o => o.MaxAttempts = 5);
        OrderRequest order = TestOrders.Ftmo();
        for (int i = 0; i < 5; i++)
        {
            host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.TooManyRequests);
        }

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.That(result.Attempts, Is.EqualTo(5));
        host.VerifyAllRequests(ftmo: 5);
    }

    [Test]
    public async Task PlaceOrderAsync_CallerCeilingOfOneAttempt_SendsOnePost()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.TooManyRequests);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order, new PlacementOptions { MaxAttempts = 1 }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.RateLimited));
            Assert.That(result.Attempts, Is.EqualTo(1));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task PlaceOrderAsync_Firm503AndLookupSaysAbsent_ResentWithSameKeyThenRetryFirmUnavailable()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.ServiceUnavailable, """{"error":"maintenance"}""");
            host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.NotFound, """{"error":"no such order"}""");
        }

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(result.ErrorMessage, Does.Contain("503").And.Contain("maintenance"));
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Lookup(order), Post, Lookup(order), Post, Lookup(order) }));
        });
        AssertEveryPostCarries(host, order);
        host.VerifyAllRequests(ftmo: 6);
    }

    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.BadGateway)]
    public async Task PlaceOrderAsync_Firm5xxButLookupFindsOrder_SuccessWithoutSecondPost(HttpStatusCode status)
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(status);
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_777","status":"FILLED"}""");

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_777"));
            Assert.That(result.OrderStatus, Is.EqualTo("FILLED"));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Lookup(order) }));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_Firm503AndLookupAlso503_UnknownFirmUnavailable()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.ServiceUnavailable);
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.ServiceUnavailable);
        }

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Unknown));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(result.ErrorMessage, Does.Contain(order.ClientOrderId));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(host.FtmoRequests.CountOf(HttpMethod.Post), Is.EqualTo(1), "never re-sent while the firm may hold it");
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Lookup(order), Lookup(order), Lookup(order) }), "the lookup is a GET: the pipeline retries it");
        });
        host.VerifyAllRequests(ftmo: 4);
    }

    [Test]
    public async Task PlaceOrderAsync_FirmSilentAndLookupFindsOrder_Success()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondForever();
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_9","status":"ACCEPTED"}""");

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        await host.FtmoRequests.WaitForCountAsync(1);
        host.Clock.Advance(TimeSpan.FromSeconds(1.999));
        Assert.That(host.FtmoRequests.Count, Is.EqualTo(1), "no lookup before the attempt timeout");
        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_9"));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Lookup(order) }));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_FirmSilentAndLookupSaysAbsent_ResentWithSameKey()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondForever();
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.NotFound);
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, TestOrders.FilledJson);

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        await host.FtmoRequests.WaitForCountAsync(1);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Lookup(order), Post }));
        });
        AssertEveryPostCarries(host, order);
        host.VerifyAllRequests(ftmo: 3);
    }

    [Test]
    public async Task PlaceOrderAsync_FirmAlwaysSilentAndAbsent_FailedTimeoutAfterMaxAttempts()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondForever();
            host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.NotFound);
        }

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        for (int i = 0; i < 3; i++)
        {
            await host.FtmoRequests.WaitForCountAsync((2 * i) + 1);
            host.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.Timeout));
            Assert.That(result.Attempts, Is.EqualTo(3));
        });
        AssertEveryPostCarries(host, order);
        host.VerifyAllRequests(ftmo: 6);
    }

    [Test]
    public async Task PlaceOrderAsync_FirmSilentAndLookupSilent_UnknownTimeout()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondForever();
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondForever();

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        await host.FtmoRequests.WaitForCountAsync(1);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        await host.FtmoRequests.WaitForCountAsync(2);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Unknown));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.Timeout));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Lookup(order) }));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_FirmSilentAndLookup503_UnknownTimeout()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondForever();
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.ServiceUnavailable);
        }

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
        await host.FtmoRequests.WaitForCountAsync(1);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        ConnectorResult result = await call.WaitAsync(TestHost.RealTimeLimit);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Unknown));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.Timeout));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Lookup(order), Lookup(order), Lookup(order) }));
        });
        host.VerifyAllRequests(ftmo: 4);
    }

    [Test]
    public async Task PlaceOrderAsync_ConnectionRefusedEveryTime_ResentThenFailedNetworkError()
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId)
                .Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.ftmo.test:443)"));
        }

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.NetworkError));
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Post, Post }), "nothing was sent: no lookup needed");
        });
        AssertEveryPostCarries(host, order);
        host.VerifyAllRequests(ftmo: 3);
    }

    [TestCase(HttpRequestError.ConnectionError)]
    [TestCase(HttpRequestError.NameResolutionError)]
    public async Task PlaceOrderAsync_NotSentOnceThenOk_Success(HttpRequestError error)
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).Throw(new HttpRequestException(error, "could not connect"));
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.Attempts, Is.EqualTo(2));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    private static IEnumerable<TestCaseData> ConnectionLostAfterSend()
    {
        yield return new TestCaseData(new Action<MockedRequest>(r => r.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))))
            .SetArgDisplayNames("ResponseEnded");
        yield return new TestCaseData(new Action<MockedRequest>(r => r.Throw(new IOException("Unable to read data from the transport connection: Connection reset by peer."))))
            .SetArgDisplayNames("IOExceptionFromHandler");
        yield return new TestCaseData(new Action<MockedRequest>(r => r.Respond((Func<HttpRequestMessage, HttpResponseMessage>)(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream()) }))))
            .SetArgDisplayNames("IOExceptionReadingBody");
    }

    [TestCaseSource(nameof(ConnectionLostAfterSend))]
    public async Task PlaceOrderAsync_ConnectionLostAfterSendAndLookupFindsOrder_Success(Action<MockedRequest> failure)
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        failure(host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId));
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_5","status":"FILLED"}""");

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ToString());
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_5"));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Post, Lookup(order) }));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [TestCaseSource(nameof(ConnectionLostAfterSend))]
    public async Task PlaceOrderAsync_ConnectionLostAfterSendAndLookupFails_UnknownNetworkError(Action<MockedRequest> failure)
    {
        using var host = Create();
        OrderRequest order = TestOrders.Ftmo();
        failure(host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId));
        for (int i = 0; i < 3; i++)
        {
            host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondStatus(HttpStatusCode.ServiceUnavailable);
        }

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Unknown), result.ToString());
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.NetworkError));
            Assert.That(host.FtmoRequests.CountOf(HttpMethod.Post), Is.EqualTo(1));
        });
        host.VerifyAllRequests(ftmo: 4);
    }

    [Test]
    public async Task PlaceOrderAsync_SameTaskPlacedAgain_SameIdempotencyKey()
    {
        using var host = Create();
        OrderRequest first = TestOrders.Ftmo("task-7");
        OrderRequest again = TestOrders.Ftmo("task-7");
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, first.ClientOrderId).RespondStatus(HttpStatusCode.TooManyRequests);
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, first.ClientOrderId).RespondStatus(HttpStatusCode.TooManyRequests);
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, first.ClientOrderId).RespondStatus(HttpStatusCode.TooManyRequests);
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, first.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult retry = await host.Ftmo.PlaceOrderAsync(first);
        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(again);

        Assert.Multiple(() =>
        {
            Assert.That(retry.Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(again.ClientOrderId, Is.EqualTo(first.ClientOrderId));
        });
        AssertEveryPostCarries(host, first);
        host.VerifyAllRequests(ftmo: 4);
    }

    [Test]
    public async Task PlaceOrderAsync_FirmNotHonouringKeyAndOrderAbsent_LooksUpThenSendsOnce()
    {
        using var host = Create(s => s.Configuration["PropConnectors:Firms:FTMO:HonoursIdempotencyKey"] = "false");
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.NotFound, """{"error":"no such order"}""");
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, """{"order_id":"FTMO_1","status":"FILLED"}""");

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_1"));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(Sequence(host), Is.EqualTo(new[] { Lookup(order), Post }));
        });
        host.VerifyAllRequests(ftmo: 2);
    }

    [Test]
    public async Task PlaceOrderAsync_FirmNotHonouringKeyAlreadyHoldsOrder_ReturnsItWithoutPosting()
    {
        using var host = Create(s => s.Configuration["PropConnectors:Firms:FTMO:HonoursIdempotencyKey"] = "false");
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_7","status":"FILLED"}""");

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.ExternalOrderId, Is.EqualTo("FTMO_7"));
            Assert.That(result.Attempts, Is.Zero);
            Assert.That(Sequence(host), Is.EqualTo(new[] { Lookup(order) }));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task PlaceOrderAsync_FirmNotHonouringKeyAndLookupRejected_NeverPosts()
    {
        using var host = Create(s => s.Configuration["PropConnectors:Firms:FTMO:HonoursIdempotencyKey"] = "false");
        OrderRequest order = TestOrders.Ftmo();
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Unauthorized, """{"error":"bad key"}""");

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.AuthFailed));
            Assert.That(result.Attempts, Is.Zero);
        });
        host.VerifyAllRequests(ftmo: 1);
    }
}
