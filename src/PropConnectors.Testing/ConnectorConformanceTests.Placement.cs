using NUnit.Framework;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Testing;

/// <content>Placement: CONTRACT §4 (idempotency), §5 (statuses and error codes) and §6 (retries and timeouts).</content>
public abstract partial class ConnectorConformanceTests
{
    /// <summary>CONTRACT §5: a firm that takes the order gives SUCCESS with its order id, after one order request keyed by the client order id.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmAccepts_SuccessAfterOneRequestKeyedByClientOrderId()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.Accept, 1);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Success, null, "CONTRACT §5: 2xx with an order id is SUCCESS");
        AssertOrderRequests(order, 1, "CONTRACT §5: SUCCESS after one request");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExternalOrderId, Is.Not.Null.And.Not.Empty, Because("CONTRACT §5: SUCCESS carries the firm's order id", result));
            Assert.That(result.ClientOrderId, Is.EqualTo(order.ClientOrderId), Because("CONTRACT §5: the result carries the client order id", result));
            Assert.That(result.Attempts, Is.EqualTo(1), Because("CONTRACT §5: one order request", result));
            Assert.That(Firm.OrdersHeld(order.ClientOrderId), Is.EqualTo(new[] { result.ExternalOrderId }), "CONTRACT §4: the firm holds exactly the order the result names.");
        }
    }

    /// <summary>CONTRACT §4: placing the same order twice (a re-delivered task) sends the same idempotency key, so the firm holds one order and both results name it.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_SameOrderPlacedTwice_SameKeyAndFirmHoldsOneOrder()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.Accept, 1);

        ConnectorResult first = await PlaceAsync(connector, order).ConfigureAwait(false);
        ConnectorResult second = await PlaceAsync(connector, order).ConfigureAwait(false);
        await SettleAsync(first.Attempts + second.Attempts).ConfigureAwait(false);

        AssertResult(first, connector, ConnectorStatus.Success, null, "CONTRACT §5: 2xx with an order id is SUCCESS");
        AssertOrderRequests(order, 2, "CONTRACT §4: two placements, two order requests under one key");
        AssertResult(second, connector, ConnectorStatus.Success, null, "CONTRACT §4: a firm that honours the key returns the first order again");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.ExternalOrderId, Is.EqualTo(first.ExternalOrderId), Because("CONTRACT §4: the second placement names the first order", second));
            Assert.That(Firm.OrdersHeld(order.ClientOrderId), Has.Count.EqualTo(1), "CONTRACT §4: an order is placed at most once.");
        }
    }

    /// <summary>CONTRACT §5: a business rejection (4xx) is FAILED/ORDER_REJECTED with the firm's text, after one request, never retried.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmRejects_FailedOrderRejectedWithFirmMessageNotRetried()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.Reject, int.MaxValue);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Failed, ConnectorErrorCodes.OrderRejected, "CONTRACT §5: a rejection (400, 409, 422) is FAILED/ORDER_REJECTED");
        AssertOrderRequests(order, 1, "CONTRACT §5: a rejection is not retried");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ErrorMessage, Does.Contain(ConformanceSettings.RejectMessage), Because("CONTRACT §3: the firm's error text goes into error_message", result));
            Assert.That(result.ClientOrderId, Is.EqualTo(order.ClientOrderId), Because("CONTRACT §5: the result carries the client order id", result));
            Assert.That(Firm.OrdersHeld(order.ClientOrderId), Is.Empty, "The firm rejected the order; it holds none.");
        }

        AssertAttemptsCounted(result);
    }

    /// <summary>CONTRACT §5: a refused key (401/403) is FAILED/AUTH_FAILED after one request, never retried.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmRefusesKey_FailedAuthFailedNeverRetried()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.Unauthorized, int.MaxValue);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Failed, ConnectorErrorCodes.AuthFailed, "CONTRACT §5: 401/403 is FAILED/AUTH_FAILED");
        AssertOrderRequests(order, 1, "CONTRACT §5: AUTH_FAILED is never retried");
        Assert.That(Firm.OrdersHeld(order.ClientOrderId), Is.Empty, "The firm refused the key; it holds no order.");
        AssertAttemptsCounted(result);
    }

    /// <summary>CONTRACT §6: a 429 is re-sent only after the firm's <c>Retry-After</c>, with the same key, and then succeeds.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmRateLimitsOnce_WaitsRetryAfterThenSucceedsWithSameKey()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.RateLimited, 1);

        (ConnectorResult result, TimeSpan elapsed) = await TimeAsync(() => PlaceAsync(connector, order)).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Success, null, "CONTRACT §4: a 429 was provably not taken, so it is re-sent with the same key");
        AssertOrderRequests(order, 2, "CONTRACT §6: one retry after the 429");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Attempts, Is.EqualTo(2), Because("CONTRACT §6: one rate-limited attempt, then one that succeeds", result));
            Assert.That(elapsed, Is.GreaterThanOrEqualTo(ConformanceSettings.RetryAfter * 0.9), Because($"CONTRACT §6: retries honour Retry-After ({ConformanceSettings.RetryAfter.TotalSeconds:0.#} s), but the call took {elapsed.TotalMilliseconds:0} ms", result));
            Assert.That(Firm.OrdersHeld(order.ClientOrderId), Is.EqualTo(new[] { result.ExternalOrderId }), "CONTRACT §4: the firm holds exactly the order the result names.");
        }
    }

    /// <summary>CONTRACT §5/§6: a firm that keeps answering 429 gives RETRY/RATE_LIMITED after the attempt budget, every attempt under the same key.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmKeepsRateLimiting_RetryRateLimitedAfterMaxAttempts()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.RateLimited, int.MaxValue);

        (ConnectorResult result, TimeSpan elapsed) = await TimeAsync(() => PlaceAsync(connector, order)).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Retry, ConnectorErrorCodes.RateLimited, "CONTRACT §5: 429 after the retry budget, order provably absent, is RETRY/RATE_LIMITED");
        AssertOrderRequests(order, ConformanceSettings.MaxAttempts, "CONTRACT §6: attempts are bounded by MaxAttempts");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Attempts, Is.EqualTo(ConformanceSettings.MaxAttempts), Because($"CONTRACT §6: {ConformanceSettings.MaxAttempts} attempts (MaxAttempts) fit in the budget", result));
            Assert.That(elapsed, Is.LessThan(ConformanceSettings.Timeout + TimeSpan.FromSeconds(1)), Because("CONTRACT §6: the whole call stays within the firm's Timeout", result));
            Assert.That(Firm.OrdersHeld(order.ClientOrderId), Is.Empty, "The firm rate limited every request; it holds no order.");
        }
    }

    /// <summary>CONTRACT §4: after an ambiguous 503 the connector looks the order up, finds it absent, and re-sends with the same key.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmUnavailableOnce_LooksUpThenResendsWithSameKey()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.Unavailable, 1);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Success, null, "CONTRACT §4: a 503 with the order provably absent may be re-sent with the same key");
        AssertOrderRequests(order, 2, "CONTRACT §4: one re-send after the lookup");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Attempts, Is.EqualTo(2), Because("CONTRACT §4: one 503, one success", result));
            Assert.That(Firm.OrdersHeld(order.ClientOrderId), Is.EqualTo(new[] { result.ExternalOrderId }), "CONTRACT §4: the firm holds exactly the order the result names.");
        }
    }

    /// <summary>CONTRACT §5/§6: a firm that stays unavailable gives RETRY/FIRM_UNAVAILABLE after the attempt budget and holds no order.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmKeepsUnavailable_RetryFirmUnavailableAfterMaxAttempts()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.Unavailable, int.MaxValue);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Retry, ConnectorErrorCodes.FirmUnavailable, "CONTRACT §5: 503 after the retry budget, order provably absent, is RETRY/FIRM_UNAVAILABLE");
        AssertOrderRequests(order, ConformanceSettings.MaxAttempts, "CONTRACT §6: attempts are bounded by MaxAttempts");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Attempts, Is.EqualTo(ConformanceSettings.MaxAttempts), Because("CONTRACT §6: attempts are bounded by MaxAttempts", result));
            Assert.That(Firm.OrdersHeld(order.ClientOrderId), Is.Empty, "The firm was unavailable for every request; it holds no order.");
        }
    }

    /// <summary>
    /// CONTRACT §4/§5: a firm slower than the attempt timeout never ends up with two orders. The result is SUCCESS with
    /// the order the firm holds (found by lookup), UNKNOWN/TIMEOUT, or FAILED/TIMEOUT only when the firm holds nothing.
    /// </summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmSlowerThanAttemptTimeout_NeverDuplicatesAndReportsWhatTheFirmHolds()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.SlowBeyondTimeout, int.MaxValue);

        (ConnectorResult result, TimeSpan elapsed) = await TimeAsync(() => PlaceAsync(connector, order)).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertAmbiguousOutcome(result, order, [ConnectorErrorCodes.Timeout], "slow beyond the attempt timeout");
        Assert.That(elapsed, Is.LessThan(ConformanceSettings.Timeout + TimeSpan.FromSeconds(1)), Because("CONTRACT §6: the whole call stays within the firm's Timeout", result));
    }

    /// <summary>
    /// CONTRACT §4: when the firm takes the order and drops the connection, the connector finds the order by its client
    /// order id (SUCCESS) or says UNKNOWN; it never places a second one.
    /// </summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmAcceptsThenDropsConnection_FindsOrderOrUnknownNeverDuplicate()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.AcceptThenDropConnection, int.MaxValue);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertAmbiguousOutcome(result, order, [ConnectorErrorCodes.NetworkError, ConnectorErrorCodes.Timeout, ConnectorErrorCodes.FirmUnavailable], "the connection was dropped after the order was taken");
        Assert.That(Firm.OrdersHeld(order.ClientOrderId), Has.Count.EqualTo(1), "The firm took the order on the first request.");
        Assert.That(result.Status, Is.Not.EqualTo(ConnectorStatus.Failed), Because("CONTRACT §5: the firm holds the order, so the result is SUCCESS or UNKNOWN, never FAILED", result));
    }

    /// <summary>CONTRACT §5: a 2xx whose body is not the expected JSON is FAILED/INVALID_RESPONSE after one request, not re-sent.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_FirmAnswersMalformedBody_FailedInvalidResponseNotResent()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.MalformedBody, int.MaxValue);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);
        await SettleAsync(result.Attempts).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Failed, ConnectorErrorCodes.InvalidResponse, "CONTRACT §5: a 2xx whose body is not the expected JSON is FAILED/INVALID_RESPONSE");
        AssertOrderRequests(order, 1, "CONTRACT §5: INVALID_RESPONSE after one request (the firm may hold the order: it is never re-sent blindly)");
        Assert.That(Firm.OrdersHeld(order.ClientOrderId), Has.Count.LessThanOrEqualTo(1), "CONTRACT §4: an order is placed at most once.");
        AssertAttemptsCounted(result);
    }

    private void AssertAmbiguousOutcome(ConnectorResult result, OrderRequest order, string[] unknownCodes, string situation)
    {
        AssertOrderRequests(order, result.Attempts, "CONTRACT §5: attempts is the number of order requests sent");
        IReadOnlyList<string> held = Firm.OrdersHeld(order.ClientOrderId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(held, Has.Count.LessThanOrEqualTo(1), Because($"CONTRACT §4: an order is placed at most once ({situation}), but the firm holds {held.Count}", result));
            Assert.That(result.Status, Is.AnyOf(ConnectorStatus.Success, ConnectorStatus.Unknown, ConnectorStatus.Failed), Because($"CONTRACT §5: {situation} gives SUCCESS (found by lookup), UNKNOWN, or FAILED when the order is provably absent", result));
            Assert.That(result.ClientOrderId, Is.EqualTo(order.ClientOrderId), Because("CONTRACT §5: the result carries the client order id to look the order up by", result));
            Assert.That(result.Attempts, Is.InRange(1, ConformanceSettings.MaxAttempts), Because("CONTRACT §6: attempts are bounded by MaxAttempts", result));
            switch (result.Status)
            {
                case ConnectorStatus.Success:
                    Assert.That(held, Is.EqualTo(new[] { result.ExternalOrderId }), Because("CONTRACT §4: SUCCESS names the order the firm holds", result));
                    break;
                case ConnectorStatus.Unknown:
                    Assert.That(result.ErrorCode, Is.AnyOf(unknownCodes), Because($"CONTRACT §5: UNKNOWN after {situation} carries one of {string.Join(", ", unknownCodes)}", result));
                    break;
                case ConnectorStatus.Failed:
                    Assert.That(held, Is.Empty, Because("CONTRACT §5: FAILED means the firm does not hold the order, but it does", result));
                    Assert.That(result.ErrorCode, Is.AnyOf(unknownCodes), Because($"CONTRACT §5: FAILED after {situation} carries one of {string.Join(", ", unknownCodes)}", result));
                    break;
            }
        }
    }
}
