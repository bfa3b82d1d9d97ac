using PropConnectors.Orders;

namespace PropConnectors.Abstractions.Tests.Support;

/// <summary>
/// A third-party connector as an outside package would write it: a small <see cref="BasePropConnector"/>
/// subclass with its own (here in-memory) protocol. <see cref="Behaviour"/> lets a test choose its replies.
/// </summary>
internal sealed class AcmeConnector(ConnectorContext context) : BasePropConnector("ACME", context)
{
    public const string Key = "acme-SECRET-key-1c2d3e4f5a6b";

    public static PropFirmProfile Profile { get; } = new("ACME", "Acme") { DefaultSymbols = ["ACME1", "ACME2"], DefaultMaxPositionSize = 10 };

    /// <summary>What <see cref="SendOrderAsync"/> does; by default the firm takes the order.</summary>
    public Func<OrderRequest, FirmReply> Behaviour { get; set; } = static order => FirmReply.Accepted("ACME-" + order.ClientOrderId, "ACCEPTED");

    /// <summary>What <see cref="FindOrderByClientOrderIdAsync"/> answers; by default the firm does not have the order.</summary>
    public Func<string, FirmReply> FindBehaviour { get; set; } = static _ => FirmReply.Of(FirmReplyKind.NotFound);

    public int Sent { get; private set; }

    public int Lookups { get; private set; }

    public static Dictionary<string, string?> Configuration => new()
    {
        ["ACME_ENABLED"] = "true",
        ["ACME_API_KEY"] = Key,
        ["ACME_BASE_URL"] = "https://api.acme.test",
    };

    protected override ValueTask<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        Sent++;
        return ValueTask.FromResult(Behaviour(order));
    }

    protected override ValueTask<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken)
    {
        Lookups++;
        return ValueTask.FromResult(FindBehaviour(clientOrderId));
    }

    protected override ValueTask<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"status lookup failed for key {Options.ApiKey}");

    protected override ValueTask<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(FirmReply.Accepted(orderId));
}

/// <summary>A second connector type, used to show that one firm code cannot have two connectors.</summary>
internal sealed class OtherAcmeConnector(ConnectorContext context) : BasePropConnector("ACME", context)
{
    protected override ValueTask<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken) => throw new NotSupportedException();

    protected override ValueTask<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken) => throw new NotSupportedException();

    protected override ValueTask<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken) => throw new NotSupportedException();

    protected override ValueTask<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
