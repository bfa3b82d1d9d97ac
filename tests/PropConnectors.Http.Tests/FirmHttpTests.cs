using System.Net;
using System.Text;
using System.Text.Json;
using PropConnectors.Http;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Http.Tests;

/// <summary>
/// FirmHttp and the firm's client: an answer decoded as JSON exactly when a document parser would, raw JSON kept as the
/// bytes sent and received, a POST through the circuit breaker, and attempt timeouts that never cancel the next order.
/// </summary>
public sealed class FirmHttpTests
{
    private static IEnumerable<string> Answers() =>
    [
        """{"order_id":"FTMO_1","status":"FILLED"}""",
        """{"order_id":12345,"status":"ACCEPTED"}""",
        """{"order_id":1.5e3}""",
        """{"order_id":"","status":"FILLED"}""",
        """{"order_id":null}""",
        """{"order_id":"A","order_id":"B"}""",
        """{"order_id":"A","order_id":null}""",
        """{"data":{"order_id":"NESTED"},"list":[{"order_id":"X"}],"order_id":"TOP"}""",
        """{"order_id":"A\u0042","status":"FIL\u004cED"}""",
        """{"order_id":true,"status":7}""",
        """{"status":"PARTIALLY_FILLED"}""",
        """{"error":"bad symbol","message":"ignored"}""",
        """{"message":"only a message"}""",
        """{"error":""}""",
        " \r\n {\"order_id\" : \"SPACED\" } \n",
        """{"order_id":"ünïcødé-1","status":"filled"}""",
        """[{"order_id":"IN_ARRAY"}]""",
        "\"just a string\"",
        "42",
        "null",
        "{\"order_id\":\"A\"",
        """{"order_id":"A"} trailing""",
        """{"order_id":"A",}""",
        "{}{}",
        "<html>502 Bad Gateway</html>",
        "",
    ];


    [TestCaseSource(nameof(Answers))]
    public void Decode_ReadsJsonExactlyWhenADocumentParserWould(string answer)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(answer);
        bool documentValid;
        FirmOrderInfo? documentOrder = null;
        string? documentError = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(utf8);
            documentValid = true;
            documentOrder = FirmHttp.ReadGenericOrder(document.RootElement);
            documentError = FirmHttp.ReadGenericError(document.RootElement);
        }
        catch (JsonException)
        {
            documentValid = false;
        }

        FirmHttp.Decode(utf8, out JsonElement? json, out string? text);

        Assert.Multiple(() =>
        {
            Assert.That(json.HasValue, Is.EqualTo(documentValid), "valid JSON");
            Assert.That(json is { } element ? FirmHttp.ReadGenericOrder(element) : null, Is.EqualTo(documentOrder), "order");
            Assert.That(json is { } element2 ? FirmHttp.ReadGenericError(element2) : null, Is.EqualTo(documentError), "error text");
            Assert.That(text, documentValid || utf8.Length == 0 ? Is.Null : Is.EqualTo(answer), "what is not JSON is kept as text");
        });
    }

    [Test]
    public async Task PlaceOrderAsync_Success_RawRequestIsTheBytesSentAndRawResponseTheAnswer()
    {
        using var host = TestHost.Create();
        OrderRequest order = TestOrders.Ftmo();
        const string answer = """{"order_id":"FTMO_12345","status":"FILLED","fill":{"price":4156.25,"venue":"CME"}}""";
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, answer);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

        string sent = host.FtmoRequests.All.Single().Body!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Success), result.ToString());
            Assert.That(result.RawRequest!.Body!.Value.GetRawText(), Is.EqualTo(sent), "raw_request.body is exactly what was sent");
            Assert.That(result.RawRequest.Body.Value.GetProperty("client_order_id").GetString(), Is.EqualTo(order.ClientOrderId));
            Assert.That(result.RawResponse!.Value.GetRawText(), Is.EqualTo(answer));
            Assert.That(result.RawResponse.Value.GetProperty("fill").GetProperty("venue").GetString(), Is.EqualTo("CME"), "read twice, same value");
            Assert.That(result with { Duration = TimeSpan.Zero }, Is.Not.Null);
            Assert.That((result with { ErrorMessage = "copy" }).RawResponse!.Value.GetRawText(), Is.EqualTo(answer), "a copy keeps the answer");
        });

        string json = JsonSerializer.Serialize(result, PropConnectors.Serialization.PropConnectorsJson.ConnectorResult);
        using JsonDocument written = JsonDocument.Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(written.RootElement.GetProperty("raw_response").GetRawText(), Is.EqualTo(answer));
            Assert.That(written.RootElement.GetProperty("raw_request").GetProperty("body").GetRawText(), Is.EqualTo(sent));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public async Task PlaceOrderAsync_OpenCircuitAfterBreak_PostIsTheProbeAndClosesIt()
    {
        using var host = TestHost.Create();
        host.FtmoHttp.When(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").Respond(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        ConnectorResult? refused = null;
        for (int call = 0; call < 12 && refused is null; call++)
        {
            int before = host.FtmoRequests.Count;
            ConnectorResult status = await host.Ftmo.GetOrderStatusAsync("FTMO_1");
            refused = host.FtmoRequests.Count == before ? status : null;
        }

        Assert.That(refused, Is.Not.Null, "the circuit opened");
        OrderRequest first = TestOrders.Ftmo("task-1");
        int sentBefore = host.FtmoRequests.Count;
        ConnectorResult whileOpen = await host.Ftmo.PlaceOrderAsync(first);
        Assert.Multiple(() =>
        {
            Assert.That(whileOpen.Status, Is.EqualTo(ConnectorStatus.Retry), whileOpen.ToString());
            Assert.That(whileOpen.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(host.FtmoRequests.Count, Is.EqualTo(sentBefore), "an open circuit sends no POST");
        });

        // Past the break (5 s) a POST is let through as the half-open probe; its success closes the circuit, so
        // POST-only traffic is never locked out by a circuit that GETs opened.
        host.Clock.Advance(TimeSpan.FromSeconds(6));
        OrderRequest probe = TestOrders.Ftmo("task-2");
        OrderRequest next = TestOrders.Ftmo("task-3");
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, probe.ClientOrderId).RespondJson(HttpStatusCode.Created, """{"order_id":"FTMO_2","status":"FILLED"}""");
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, next.ClientOrderId).RespondJson(HttpStatusCode.Created, """{"order_id":"FTMO_3","status":"FILLED"}""");

        ConnectorResult probed = await host.Ftmo.PlaceOrderAsync(probe);
        ConnectorResult after = await host.Ftmo.PlaceOrderAsync(next);

        Assert.Multiple(() =>
        {
            Assert.That(probed.Status, Is.EqualTo(ConnectorStatus.Success), probed.ToString());
            Assert.That(probed.ExternalOrderId, Is.EqualTo("FTMO_2"));
            Assert.That(after.Status, Is.EqualTo(ConnectorStatus.Success), after.ToString());
            Assert.That(host.FtmoRequests.CountOf(HttpMethod.Post), Is.EqualTo(2), "one POST each, none retried");
        });
        host.FtmoHttp.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task PlaceOrderAsync_AfterAnAttemptTimedOut_NextOrdersAreNotCancelled()
    {
        using var host = TestHost.Create();
        OrderRequest slow = TestOrders.Ftmo("task-slow");
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, slow.ClientOrderId).RespondForever();
        host.FtmoHttp.ExpectLookup(TestHost.FtmoOrders, slow.ClientOrderId).RespondJson(HttpStatusCode.OK, """{"order_id":"FTMO_SLOW","status":"FILLED"}""");

        Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(slow);
        await host.FtmoRequests.WaitForCountAsync(1);
        host.Clock.Advance(host.Ftmo.Options.AttemptTimeout);
        ConnectorResult timedOut = await call.WaitAsync(TestHost.RealTimeLimit);

        // The attempt timeout that fired must not be reused: these orders would be cancelled at once if it were.
        var results = new List<ConnectorResult>();
        for (int i = 0; i < 5; i++)
        {
            OrderRequest order = TestOrders.Ftmo($"task-next-{i}");
            host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.Created, $$"""{"order_id":"FTMO_N{{i}}","status":"FILLED"}""");
            results.Add(await host.Ftmo.PlaceOrderAsync(order));
        }

        Assert.Multiple(() =>
        {
            Assert.That(timedOut.Status, Is.EqualTo(ConnectorStatus.Success), "found by the lookup after the timeout: " + timedOut);
            Assert.That(timedOut.ExternalOrderId, Is.EqualTo("FTMO_SLOW"));
            Assert.That(timedOut.Attempts, Is.EqualTo(1));
            Assert.That(results.Select(r => r.Status), Is.All.EqualTo(ConnectorStatus.Success));
            Assert.That(results.Select(r => r.ExternalOrderId), Is.EqualTo(new[] { "FTMO_N0", "FTMO_N1", "FTMO_N2", "FTMO_N3", "FTMO_N4" }));
        });
        host.VerifyAllRequests(ftmo: 7);
    }
}
