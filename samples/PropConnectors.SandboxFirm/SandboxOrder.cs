
namespace PropConnectors.SandboxFirm;

/// <summary>One order in a sandbox firm's in-memory order book (a snapshot: later changes make a new instance).</summary>
public sealed record SandboxOrder
{
    /// <summary>The firm's order id, for example <c>FTMO-000001</c> (a per-firm counter).</summary>
    public required string OrderId { get; init; }

    /// <summary>The <c>client_order_id</c> of the body, if it had one.</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>The <c>Idempotency-Key</c> header of the <c>POST</c> that created the order, if it had one.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The <c>symbol</c> of the body.</summary>
    public required string Symbol { get; init; }

    /// <summary>The <c>side</c> of the body: <c>BUY</c> or <c>SELL</c>.</summary>
    public required string Side { get; init; }

    /// <summary>The <c>quantity</c> of the body (greater than zero).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The <c>order_type</c> of the body: <c>MARKET</c> (the default), <c>LIMIT</c> or <c>STOP</c>.</summary>
    public required string OrderType { get; init; }

    /// <summary><c>FILLED</c> (market orders, and limit and stop orders once a mark crosses their price), <c>ACCEPTED</c> (limit and stop orders resting) or <c>CANCELLED</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The <c>account_id</c> of the body; <see langword="null"/> for the default account.</summary>
    public string? AccountId { get; init; }

    /// <summary>The <c>entry_price</c> of the body: a LIMIT or STOP order's price, a MARKET order's fill price when the symbol has no mark.</summary>
    public decimal? Price { get; init; }

    /// <summary>The <c>reduce_only</c> of the body: the order only reduces a position, its quantity clipped to it.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>The price the order filled at, once <see cref="Status"/> is <c>FILLED</c>.</summary>
    public decimal? FillPrice { get; init; }

    /// <summary>The request body exactly as received (UTF-8 text).</summary>
    public required string RawBody { get; init; }

    /// <summary>When the order was stored, on the server's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
