using NUnit.Framework;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Testing;

/// <content>Lookups, status and cancel: what the host does after UNKNOWN, and what CONTRACT §4's lookup relies on.</content>
public abstract partial class ConnectorConformanceTests
{
    /// <summary>CONTRACT §4: an order placed under a client order id is found by it, with the firm's order id.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task FindOrderAsync_OrderPlaced_SuccessWithTheSameOrderId()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        ConnectorResult placed = await PlaceAsync(connector, order).ConfigureAwait(false);
        AssertResult(placed, connector, ConnectorStatus.Success, null, "CONTRACT §5: 2xx with an order id is SUCCESS");

        ConnectorResult found = await CallAsync("FindOrderAsync", () => connector.FindOrderAsync(order.ClientOrderId)).ConfigureAwait(false);

        AssertResult(found, connector, ConnectorStatus.Success, null, "CONTRACT §4: an order the firm holds is found by its client_order_id");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.ExternalOrderId, Is.EqualTo(placed.ExternalOrderId), Because("CONTRACT §4: the lookup names the order that was placed", found));
            Assert.That(found.ClientOrderId, Is.EqualTo(order.ClientOrderId), Because("CONTRACT §5: the result carries the client order id", found));
        }
    }

    /// <summary>CONTRACT §4: a client order id the firm never saw is FAILED/ORDER_NOT_FOUND: provably absent, the basis for a safe re-send.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task FindOrderAsync_NeverPlaced_FailedOrderNotFound()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);

        ConnectorResult found = await CallAsync("FindOrderAsync", () => connector.FindOrderAsync(order.ClientOrderId)).ConfigureAwait(false);

        AssertResult(found, connector, ConnectorStatus.Failed, ConnectorErrorCodes.OrderNotFound, "CONTRACT §4: a provably absent order is FAILED/ORDER_NOT_FOUND");
        Assert.That(Firm.OrderRequestsReceived, Is.Zero, "A lookup is not an order request.");
    }

    /// <summary>CONTRACT §3: the status of a placed order is SUCCESS with the firm's order id and its status.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task GetOrderStatusAsync_OrderPlaced_SuccessWithFirmStatus()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        ConnectorResult placed = await PlaceAsync(connector, order).ConfigureAwait(false);
        AssertResult(placed, connector, ConnectorStatus.Success, null, "CONTRACT §5: 2xx with an order id is SUCCESS");

        ConnectorResult status = await CallAsync("GetOrderStatusAsync", () => connector.GetOrderStatusAsync(placed.ExternalOrderId!)).ConfigureAwait(false);

        AssertResult(status, connector, ConnectorStatus.Success, null, "CONTRACT §3: the status of an order the firm holds is SUCCESS");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status.ExternalOrderId, Is.EqualTo(placed.ExternalOrderId), Because("The status names the order asked about", status));
            Assert.That(status.OrderStatus, Is.Not.Null.And.Not.Empty, Because("The status carries the firm's order status", status));
        }
    }

    /// <summary>CONTRACT §5: the status of an order the firm does not know is FAILED/ORDER_NOT_FOUND.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task GetOrderStatusAsync_UnknownOrder_FailedOrderNotFound()
    {
        BasePropConnector connector = CreateConnector();

        ConnectorResult status = await CallAsync("GetOrderStatusAsync", () => connector.GetOrderStatusAsync("conformance-no-such-order")).ConfigureAwait(false);

        AssertResult(status, connector, ConnectorStatus.Failed, ConnectorErrorCodes.OrderNotFound, "CONTRACT §5: 404 on status is FAILED/ORDER_NOT_FOUND");
    }

    /// <summary>CONTRACT §5: cancelling an order the firm does not know is FAILED/ORDER_NOT_FOUND.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task CancelOrderAsync_UnknownOrder_FailedOrderNotFound()
    {
        BasePropConnector connector = CreateConnector();

        ConnectorResult cancel = await CallAsync("CancelOrderAsync", () => connector.CancelOrderAsync("conformance-no-such-order")).ConfigureAwait(false);

        AssertResult(cancel, connector, ConnectorStatus.Failed, ConnectorErrorCodes.OrderNotFound, "CONTRACT §5: 404 on cancel is FAILED/ORDER_NOT_FOUND");
    }
}
