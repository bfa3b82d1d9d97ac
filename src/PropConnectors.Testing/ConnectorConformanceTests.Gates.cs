using NUnit.Framework;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Testing;

/// <content>The gates before any request: dry-run, configuration, symbol, position limit, order validity (CONTRACT §5, 0 requests).</content>
public abstract partial class ConnectorConformanceTests
{
    /// <summary>CONTRACT §5: with the global dry-run gate at its default (on), placing an order is SKIPPED/GLOBAL_DRY_RUN_ENABLED and sends nothing.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_DryRunByDefault_SkippedAndNothingSent()
    {
        BasePropConnector connector = CreateConnector(live: false);
        OrderRequest order = NewOrder(connector);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Skipped, ConnectorErrorCodes.GlobalDryRunEnabled, "CONTRACT §5: global dry-run (the default) is SKIPPED/GLOBAL_DRY_RUN_ENABLED");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Attempts, Is.Zero, Because("CONTRACT §5: dry-run sends 0 requests", result));
            Assert.That(result.ClientOrderId, Is.EqualTo(order.ClientOrderId), Because("CONTRACT §5: the result carries the client order id the order would have", result));
            Assert.That(Firm.OrderRequestsReceived, Is.Zero, "CONTRACT §5: dry-run sends 0 requests to the firm.");
        }

        AssertNoSecret();
    }

    /// <summary>CONTRACT §5: a firm without an API key is FAILED/CONNECTOR_NOT_CONFIGURED and nothing is sent.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_NoApiKey_FailedNotConfiguredAndNothingSent()
    {
        BasePropConnector connector = CreateConnector(adjust: o => o.ApiKey = null);
        OrderRequest order = NewOrder(connector);

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Failed, ConnectorErrorCodes.ConnectorNotConfigured, "CONTRACT §5: a missing API key is FAILED/CONNECTOR_NOT_CONFIGURED");
        Assert.That(Firm.OrderRequestsReceived, Is.Zero, "CONTRACT §5: CONNECTOR_NOT_CONFIGURED sends 0 requests.");
    }

    /// <summary>CONTRACT §5: a symbol the firm does not trade is FAILED/UNSUPPORTED_SYMBOL and nothing is sent.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_UnsupportedSymbol_FailedUnsupportedSymbolAndNothingSent()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector) with { Symbol = "NOT_A_SYMBOL_ANY_FIRM_TRADES" };

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Failed, ConnectorErrorCodes.UnsupportedSymbol, "CONTRACT §5: an unsupported symbol is FAILED/UNSUPPORTED_SYMBOL");
        Assert.That(Firm.OrderRequestsReceived, Is.Zero, "CONTRACT §5: UNSUPPORTED_SYMBOL sends 0 requests.");
    }

    /// <summary>CONTRACT §5: a quantity above the firm's maximum position size is FAILED/POSITION_LIMIT_EXCEEDED and nothing is sent.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_QuantityAboveMaxPositionSize_FailedPositionLimitExceededAndNothingSent()
    {
        BasePropConnector connector = CreateConnector(adjust: o => o.MaxPositionSize = 1);
        OrderRequest order = NewOrder(connector) with { Quantity = 2 };

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Failed, ConnectorErrorCodes.PositionLimitExceeded, "CONTRACT §5: a quantity above max_position_size is FAILED/POSITION_LIMIT_EXCEEDED");
        Assert.That(Firm.OrderRequestsReceived, Is.Zero, "CONTRACT §5: POSITION_LIMIT_EXCEEDED sends 0 requests.");
    }

    /// <summary>CONTRACT §5: an invalid order (quantity 0) is FAILED/INVALID_ORDER and nothing is sent.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_InvalidOrder_FailedInvalidOrderAndNothingSent()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector) with { Quantity = 0 };

        ConnectorResult result = await PlaceAsync(connector, order).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Failed, ConnectorErrorCodes.InvalidOrder, "CONTRACT §5: quantity <= 0 is FAILED/INVALID_ORDER");
        Assert.That(Firm.OrderRequestsReceived, Is.Zero, "CONTRACT §5: INVALID_ORDER sends 0 requests.");
    }
}
