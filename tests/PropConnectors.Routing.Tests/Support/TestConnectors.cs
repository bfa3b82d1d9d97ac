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

    protected override Task<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom: the connector has a bug");

    protected override Task<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom");

    protected override Task<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom");

    protected override Task<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom");
}
