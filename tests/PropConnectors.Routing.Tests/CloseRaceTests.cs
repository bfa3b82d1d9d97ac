using System.Net;
using System.Text;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;
using RichardSzalay.MockHttp;

namespace PropConnectors.Routing.Tests;

/// <summary>A close the firm refuses because another order closed the position first is not a failure: a fresh read tells.</summary>
public sealed class CloseRaceTests
{
    private static HttpResponseMessage Json(HttpStatusCode status, string body) => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task<ConnectorResult> ExitAsync(bool goneOnReread)
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        int reads = 0;
        harness.Apex.Mock.When(HttpMethod.Get, RouterHarness.ApexBaseUrl + "/positions").Respond(_ =>
            Interlocked.Increment(ref reads) == 1 || !goneOnReread
                ? Json(HttpStatusCode.OK, """{"positions":[{"symbol":"NQ","side":"LONG","quantity":2}]}""")
                : Json(HttpStatusCode.OK, """{"positions":[]}"""));
        harness.Apex.Mock.When(HttpMethod.Post, RouterHarness.ApexOrdersUrl).Respond(_ => Json(HttpStatusCode.UnprocessableEntity, """{"error":"no position to reduce"}"""));

        ExecutionResult result = await harness.Router.ExecuteAsync(ExecutionJson.Parse("""{"id":"x-1","event_type":"EXIT","payload":{"firm_codes":["APEX"],"symbol":"NQ"}}"""));
        Assert.That(reads, Is.EqualTo(2), "the task's read, then one fresh read after the refusal");
        return result.ConnectorResults.Single();
    }

    [Test]
    public async Task RefusedClose_PositionGoneOnAFreshRead_IsSkippedNoPosition()
    {
        ConnectorResult result = await ExitAsync(goneOnReread: true);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.NoPosition));
            Assert.That(result.Actions!.Single().Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(result.ErrorMessage, Does.Contain("closed by another order"));
        });
    }

    [Test]
    public async Task RefusedClose_PositionStillThere_StaysFailed()
    {
        ConnectorResult result = await ExitAsync(goneOnReread: false);

        Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed));
        Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
    }
}
