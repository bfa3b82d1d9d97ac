using PropConnectors.Http;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PropConnectors.Orders;
using PropConnectors.Rest;
using PropConnectors.Results;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>
/// CONTRACT §9: the API key never appears in a log line (the SDK's or the HttpClient factory's, at Trace), a
/// result, an error message, a ToString(), a metric tag or a trace attribute, whatever the firm answers,
/// including a firm that echoes the key back.
/// </summary>
public sealed class SecretsTests
{
    private const string Key = TestHost.FtmoKey;

    /// <summary>One way a call can go, arranged on MockHttp and driven on the fake clock.</summary>
    internal sealed record Scenario(string Name, Action<MockHttpMessageHandler, OrderRequest> Arrange, Func<TestHost, OrderRequest, Task<ConnectorResult>> Act)
    {
        public override string ToString() => Name;
    }

    private static Task<ConnectorResult> Place(TestHost host, OrderRequest order) => host.Ftmo.PlaceOrderAsync(order);

    private static HttpResponseMessage EchoInHeaders(HttpStatusCode status)
    {
        HttpResponseMessage response = Answer.Json(status, """{"error":"see headers"}""");
        response.Headers.TryAddWithoutValidation("X-Debug-Authorization", "Bearer " + Key);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", $"Bearer error=\"invalid_token\", token=\"{Key}\"");
        return response;
    }

    private static IEnumerable<Scenario> Scenarios()
    {
        string echo = $$"""{"error":"api key {{Key}} is not valid here"}""";
        yield return new("Success", (m, o) => m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson), Place);
        yield return new("SuccessEchoingKey", (m, o) => m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.OK, $$"""{"order_id":"FTMO_1","status":"FILLED","debug":"Authorization: Bearer {{Key}}"}"""), Place);
        yield return new("AuthFailedEchoingKey", (m, o) => m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.Unauthorized, echo), Place);
        yield return new("RejectedMessageEchoingKey", (m, o) => m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.BadRequest, $$"""{"message":"{{Key}}"}"""), Place);
        yield return new("RejectedPlainTextEchoingKey", (m, o) => m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.UnprocessableEntity, "key=" + Key), Place);
        yield return new("RejectedEchoingKeyInHeaders", (m, o) => m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).Respond(_ => EchoInHeaders(HttpStatusCode.Forbidden)), Place);
        yield return new("InvalidResponseEchoingKey", (m, o) => m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.OK, $"<html>{Key}</html>"), Place);
        yield return new("RateLimitedEchoingKey", (m, o) =>
        {
            for (int i = 0; i < 3; i++)
            {
                m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.TooManyRequests, echo);
            }
        }, Place);
        yield return new("UnavailableEchoingKey", (m, o) =>
        {
            for (int i = 0; i < 3; i++)
            {
                m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.ServiceUnavailable, echo);
                m.ExpectLookup(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.NotFound, echo);
            }
        }, Place);
        yield return new("UnknownEchoingKey", (m, o) =>
        {
            m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.ServiceUnavailable, echo);
            for (int i = 0; i < 3; i++)
            {
                m.ExpectLookup(TestHost.FtmoOrders, o.ClientOrderId).Respond(_ => EchoInHeaders(HttpStatusCode.ServiceUnavailable));
            }
        }, Place);
        yield return new("ConnectionRefusedWithKeyInException", (m, o) =>
        {
            for (int i = 0; i < 3; i++)
            {
                m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).Throw(new HttpRequestException(HttpRequestError.ConnectionError, "refused for " + Key));
            }
        }, Place);
        yield return new("ConnectionResetWithKeyInException", (m, o) =>
        {
            m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).Throw(new IOException("reset while sending " + Key));
            m.ExpectLookup(TestHost.FtmoOrders, o.ClientOrderId).Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "ended " + Key));
        }, Place);
        yield return new("UnexpectedExceptionWithKey", (m, o) => m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).Throw(new InvalidOperationException("proxy refused Authorization: Bearer " + Key)), Place);
        yield return new("LookupUnexpectedExceptionWithKey", (m, o) =>
        {
            m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.ServiceUnavailable, "{}");
            m.ExpectLookup(TestHost.FtmoOrders, o.ClientOrderId).Throw(new InvalidOperationException("proxy refused Authorization: Bearer " + Key));
        }, Place);
        yield return new("TimeoutThenFound", (m, o) =>
        {
            m.ExpectPost(TestHost.FtmoOrders, o.ClientOrderId).RespondForever();
            m.ExpectLookup(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);
        }, async (host, order) =>
        {
            Task<ConnectorResult> call = host.Ftmo.PlaceOrderAsync(order);
            await host.FtmoRequests.WaitForCountAsync(1);
            host.Clock.Advance(host.Ftmo.Options.AttemptTimeout);
            return await call.WaitAsync(TestHost.RealTimeLimit);
        });
        yield return new("StatusNotFoundEchoingKey", (m, _) => m.Expect(HttpMethod.Get, TestHost.FtmoOrders + "/FTMO_1").RespondJson(HttpStatusCode.NotFound, echo), (host, _) => host.Ftmo.GetOrderStatusAsync("FTMO_1"));
        yield return new("CancelConflictEchoingKey", (m, _) => m.Expect(HttpMethod.Delete, TestHost.FtmoOrders + "/FTMO_1").RespondJson(HttpStatusCode.Conflict, echo), (host, _) => host.Ftmo.CancelOrderAsync("FTMO_1"));
        yield return new("FindEchoingKey", (m, o) => m.ExpectLookup(TestHost.FtmoOrders, o.ClientOrderId).RespondJson(HttpStatusCode.OK, $$"""{"order_id":"FTMO_1","note":"{{Key}}"}"""), (host, order) => host.Ftmo.FindOrderAsync(order.ClientOrderId));
        yield return new("Authenticate", (_, _) => { }, (host, _) => host.Ftmo.AuthenticateAsync());
        yield return new("PositionLimit", (_, _) => { }, (host, order) => host.Ftmo.PlaceOrderAsync(order with { Quantity = 1000m }));
    }

    private static IEnumerable<string> LogText(FakeLogCollector logs)
    {
        foreach (FakeLogRecord record in logs.GetSnapshot())
        {
            yield return record.ToString();
            yield return record.Message;
            yield return record.Exception?.ToString() ?? string.Empty;
            foreach (KeyValuePair<string, string?> item in record.StructuredState ?? [])
            {
                yield return item.Key + "=" + item.Value;
            }

            foreach (object? scope in record.Scopes)
            {
                yield return scope?.ToString() ?? string.Empty;
            }
        }
    }

    private static void AssertNoKey(IEnumerable<string> texts, string where, string key = Key)
    {
        string[] leaks = [.. texts.Where(t => t.Contains(key, StringComparison.Ordinal))];
        Assert.That(leaks, Is.Empty, $"the API key leaked into {where}");
    }

    private static IEnumerable<string> ScenarioNames() => Scenarios().Select(s => s.Name);

    [TestCaseSource(nameof(ScenarioNames))]
    public async Task AnyCall_WhateverTheFirmAnswers_KeyNeverLeaks(string name)
    {
        Scenario scenario = Scenarios().Single(s => s.Name == name);
        using var telemetry = new TelemetryCapture();
        using var host = TestHost.Create(s => s.Configuration["PropConnectors:Firms:FTMO:AttemptTimeout"] = "00:00:02");
        OrderRequest order = TestOrders.Ftmo();
        scenario.Arrange(host.FtmoHttp, order);

        ConnectorResult result = await scenario.Act(host, order);

        host.FtmoHttp.VerifyNoOutstandingExpectation();
        Assert.That(host.FtmoRequests.All.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + Key), "the key does travel, in the header only");
        AssertNoKey([result.ToString(), result.ErrorMessage ?? string.Empty, result.RawResponse?.GetRawText() ?? string.Empty, result.RawRequest?.ToString() ?? string.Empty], "the result");
        AssertNoKey([host.Ftmo.Options.ToString(), host.Ftmo.GetConfigurationProblem() ?? string.Empty], "the options");
        AssertNoKey(LogText(host.Logs), "the logs");
        AssertNoKey(telemetry.AllText(), "telemetry");
        string[] categories = [.. host.Logs.GetSnapshot().Select(r => r.Category ?? string.Empty).Distinct()];
        Assert.Multiple(() =>
        {
            Assert.That(categories, Does.Contain("PropConnectors.Connector.FTMO"), "the SDK's log was captured");
            if (host.FtmoRequests.Count > 0)
            {
                Assert.That(categories, Does.Contain("PropConnectors.Http.FTMO"), "the firm client's HTTP log was captured");
                if (host.FtmoRequests.All.Any(r => r.Method != HttpMethod.Post))
                {
                    // A POST bypasses the HTTP pipeline while the circuit is closed (FirmHttpHandler); every other call runs through it.
                    Assert.That(categories, Has.Some.StartsWith("Polly"), "the resilience pipeline's log was captured");
                }

                Assert.That(categories, Has.None.StartsWith("System.Net.Http.HttpClient.PropConnectors."), "the factory's default loggers (headers in their state) are replaced");
            }
        });
    }

    [Test]
    public async Task PlaceOrderAsync_DryRunAndNotConfigured_KeyNeverLeaks()
    {
        using var telemetry = new TelemetryCapture();
        using var dryRun = TestHost.Create(s => s.Global = null);
        using var plainHttp = TestHost.Create(s => s.Configuration["FTMO_BASE_URL"] = "http://api.ftmo.test/v1");

        ConnectorResult skipped = await dryRun.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());
        ConnectorResult refused = await plainHttp.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());

        AssertNoKey([skipped.ToString(), refused.ToString(), dryRun.Ftmo.Options.ToString()], "the result");
        AssertNoKey(LogText(dryRun.Logs).Concat(LogText(plainHttp.Logs)), "the logs");
        AssertNoKey(telemetry.AllText(), "telemetry");
        Assert.That(dryRun.Ftmo.Options.ToString(), Does.Contain("ApiKey=***"));
    }

    [Test]
    public async Task PlaceOrderAsync_ConnectorThrowsWithKeyInMessage_RedactedEverywhere()
    {
        using var telemetry = new TelemetryCapture();
        using var host = TestHost.Create(s =>
        {
            foreach ((string key, string? value) in AcmeConnector.Configuration)
            {
                s.Configuration[key] = value;
            }

            s.Builder = b => b.AddConnector<AcmeConnector>(AcmeConnector.Profile);
        });
        var acme = host.Services.GetRequiredService<AcmeConnector>();
        acme.Behaviour = _ => throw new InvalidOperationException($"login with {AcmeConnector.Key} failed");

        ConnectorResult placed = await acme.PlaceOrderAsync(TestOrders.Ftmo() with { Symbol = "ACME1" });
        ConnectorResult status = await acme.GetOrderStatusAsync("ACME-1");

        Assert.Multiple(() =>
        {
            Assert.That(placed.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorError));
            Assert.That(placed.ErrorMessage, Does.Contain("login with ***"));
            Assert.That(status.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorError));
        });
        AssertNoKey([placed.ToString(), status.ToString()], "the result", AcmeConnector.Key);
        AssertNoKey(LogText(host.Logs), "the logs", AcmeConnector.Key);
        AssertNoKey(telemetry.AllText(), "telemetry", AcmeConnector.Key);
    }

    // The firm's named client masks the key in what it raises for any caller, not only the SDK's own connectors: a POST
    // sent straight (circuit closed), a GET through the pipeline, and FirmHttp.SendAsync for a connector of another API.
    [TestCase("POST")]
    [TestCase("GET")]
    public async Task FirmNamedClient_HandlerQuotesKeyInException_CallerGetsItMasked(string method)
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(new HttpMethod(method), TestHost.FtmoOrders).Throw(new InvalidOperationException("proxy refused Authorization: Bearer " + Key));
        HttpClient client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(PropConnectorsHttp.ClientName("FTMO"));
        using var request = new HttpRequestMessage(new HttpMethod(method), TestHost.FtmoOrders);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Key);

        Exception? thrown = null;
        try
        {
            using HttpResponseMessage response = await client.SendAsync(request);
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        Assert.That(thrown, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(thrown!.Message, Does.Contain("proxy refused Authorization: Bearer ***"));
            Assert.That(thrown.ToString(), Does.Not.Contain(Key));
        });
        AssertNoKey(LogText(host.Logs), "the logs");
    }

    [Test]
    public async Task FirmHttpSendAsync_UnmappedExceptionQuotingKey_RethrownMasked()
    {
        using var host = TestHost.Create();
        host.FtmoHttp.Expect(HttpMethod.Post, TestHost.FtmoOrders).Throw(new InvalidOperationException("proxy refused Authorization: Bearer " + Key));
        HttpClient client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(PropConnectorsHttp.ClientName("FTMO"));
        using var request = new HttpRequestMessage(HttpMethod.Post, TestHost.FtmoOrders);
        var exchange = new FirmHttpExchange { RawRequest = new RawRequest { Method = "POST", Url = TestHost.FtmoOrders } };

        Exception? thrown = null;
        try
        {
            await FirmHttp.SendAsync(client, request, exchange, CancellationToken.None);
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        Assert.That(thrown, Is.Not.Null, "an exception FirmHttp does not read goes up to the connector");
        Assert.That(thrown!.ToString(), Does.Not.Contain(Key));
    }

    [Test]
    public void ConfigurationErrors_KeyInWrongSetting_NeverQuoted()
    {
        using var host = TestHost.Create(s => s.Configuration["PropConnectors:Firms:FTMO:MaxAttempts"] = Key);

        string? problem = host.Ftmo.GetConfigurationProblem();

        Assert.That(problem, Does.Contain("MaxAttempts"));
        AssertNoKey([problem!], "the configuration problem");
        AssertNoKey(LogText(host.Logs), "the logs");
    }
}
