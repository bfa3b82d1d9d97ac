using NUnit.Framework;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Testing.Internal;

namespace PropConnectors.Testing;

/// <content>Secrets: CONTRACT §9.</content>
public abstract partial class ConnectorConformanceTests
{
    private static readonly ConformanceScenario[] AllScenarios = Enum.GetValues<ConformanceScenario>();

    /// <summary>
    /// CONTRACT §9: whatever the firm answers, the API key never appears in a log line (any level, scopes and exceptions
    /// included), a result (<see cref="ConnectorResult.ToString"/>: raw_request, raw_response, error_message), an
    /// exception, an activity or a metric tag. Runs every call: authenticate, place, find, status, cancel.
    /// </summary>
    /// <param name="scenario">How the firm answers the order request.</param>
    /// <returns>The test.</returns>
    [TestCaseSource(nameof(AllScenarios))]
    public async Task EveryCall_FirmAnswersWithScenario_ApiKeyNeverInLogsResultsOrTelemetry(ConformanceScenario scenario)
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(scenario, 1);

        await CallAsync("AuthenticateAsync", () => connector.AuthenticateAsync()).ConfigureAwait(false);
        ConnectorResult placed = await PlaceAsync(connector, order).ConfigureAwait(false);
        await CallAsync("FindOrderAsync", () => connector.FindOrderAsync(order.ClientOrderId)).ConfigureAwait(false);
        string orderId = placed.ExternalOrderId ?? "conformance-no-such-order";
        await CallAsync("GetOrderStatusAsync", () => connector.GetOrderStatusAsync(orderId)).ConfigureAwait(false);
        await CallAsync("CancelOrderAsync", () => connector.CancelOrderAsync(orderId)).ConfigureAwait(false);
        await SettleAsync(placed.Attempts).ConfigureAwait(false);

        Assert.That(Firm.OrderRequestsReceived, Is.GreaterThanOrEqualTo(1), "The order request reached the firm, so the scenario was exercised.");
        AssertNoSecret();
    }

    /// <summary>Asserts that the API key appears in no result, exception, log line, activity or metric recorded in this test.</summary>
    private void AssertNoSecret()
    {
        string key = Firm.ApiKey;
        List<string> Leaks(IEnumerable<string> texts) => [.. texts.Where(t => t.Contains(key, StringComparison.Ordinal)).Select(Redact)];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Leaks(_results.Select(r => r.ToString())), Is.Empty, "CONTRACT §9: the API key appears in a result (raw_request, raw_response or error_message); shown with the key replaced by <API KEY>.");
            Assert.That(Leaks(_exceptions.Select(e => e.ToString())), Is.Empty, "CONTRACT §9: the API key appears in an exception; shown with the key replaced by <API KEY>.");
            Assert.That(Leaks(Telemetry.Texts.Where(t => t.Kind == CapturedKind.Log).Select(t => t.Text)), Is.Empty, "CONTRACT §9: the API key appears in a log line. HttpClient's default logging counts: at Trace its log state carries raw header values even where RedactLoggedHeaders hides them in the message, so remove those loggers (IHttpClientBuilder.RemoveAllLoggers()). Shown with the key replaced by <API KEY>.");
            Assert.That(Leaks(Telemetry.Texts.Where(t => t.Kind == CapturedKind.Activity).Select(t => t.Text)), Is.Empty, "CONTRACT §9: the API key appears in a trace (activity name, tag, event or status); shown with the key replaced by <API KEY>.");
            Assert.That(Leaks(Telemetry.Texts.Where(t => t.Kind == CapturedKind.Metric).Select(t => t.Text)), Is.Empty, "CONTRACT §9: the API key appears in a metric tag; shown with the key replaced by <API KEY>.");
        }
    }
}
