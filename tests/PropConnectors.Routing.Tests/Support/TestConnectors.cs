using PropConnectors.Orders;
using PropConnectors.Configuration;

namespace PropConnectors.Routing.Tests.Support;

/// <summary>A connector whose protocol code throws: the base class turns it into CONNECTOR_ERROR.</summary>
internal sealed class ThrowingConnector(ConnectorContext context) : BasePropConnector(Code, context)
{
    public const string Code = "BOOM";

    public static PropFirmProfile Profile { get; } = new(Code, "Boom Capital") { DefaultSymbols = ["NQ"] };

    public static void Configure(PropFirmOptions options)
    {
        options.Enabled = true;
        options.ApiKey = "boom-secret";
        options.BaseUrl = "https://boom.test/v1";
    }

    protected override ValueTask<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom: the connector has a bug");

    protected override ValueTask<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom");

    protected override ValueTask<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom");

    protected override ValueTask<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom");
}
