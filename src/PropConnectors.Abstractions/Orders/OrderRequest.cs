using System.Text.Json.Serialization;

namespace PropConnectors.Orders;

/// <summary>
/// The order a connector sends to a firm (CONTRACT §2). Absent optional values stay absent on the wire.
/// </summary>
/// <remarks>
/// <see cref="ClientOrderId"/> is the order's identity at the firm and the <c>Idempotency-Key</c> of every
/// attempt to place it: derive it deterministically (for example with <see cref="ClientOrderIds.Create(string, string, string?)"/>)
/// so that retrying the same task, even after a restart, can never place a second order.
/// </remarks>
public sealed record OrderRequest
{
    /// <summary>The idempotency identity of the order: at most 40 characters of <c>[A-Za-z0-9_-]</c>.</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>The instrument, as the firm names it (for example <c>NQ</c> or <c>EURUSD</c>).</summary>
    public required string Symbol { get; init; }

    /// <summary>Buy or sell.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>The quantity; must be positive.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The order type; <see cref="OrderType.Market"/> by default.</summary>
    public OrderType OrderType { get; init; } = OrderType.Market;

    /// <summary>The limit price, or the stop trigger; required for <see cref="OrderType.Limit"/> and <see cref="OrderType.Stop"/>.</summary>
    public decimal? EntryPrice { get; init; }

    /// <summary>The protective stop price, if any.</summary>
    public decimal? StopLoss { get; init; }

    /// <summary>The trading session the signal belongs to (for example <c>NY AM</c>), passed through.</summary>
    public string? Session { get; init; }

    /// <summary>The signal's bias (for example <c>Bullish</c>), passed through.</summary>
    public string? Bias { get; init; }

    /// <summary>The fraction of the account the signal risks (for example <c>0.01</c>), passed through.</summary>
    public decimal? RiskPercent { get; init; }

    /// <summary>The firm programs (accounts) the order is meant for, passed through.</summary>
    public IReadOnlyList<long>? ProgramIds { get; init; }

    /// <summary>The firm's id of the account the order goes to (<c>account_id</c>, CONTRACT §11); the connector sets it from its account's settings.</summary>
    public string? AccountId { get; init; }

    /// <summary>Whether the order may only reduce a position (a close, CONTRACT §10): sent as <c>"reduce_only": true</c>, left out otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReduceOnly { get; init; }

    /// <summary>
    /// Checks the rules every order keeps (<see cref="OrderRules"/>). Returns <see langword="null"/> when the order is valid,
    /// otherwise a message that names each offending field.
    /// </summary>
    /// <returns>The reason the order is invalid, or <see langword="null"/>.</returns>
    public string? Validate() => OrderRules.Validate(ToFields());

    /// <summary>The order's fields as <see cref="OrderRules"/> checks them.</summary>
    /// <returns>The fields.</returns>
    public OrderFields ToFields() => new()
    {
        ClientOrderId = ClientOrderId ?? string.Empty,
        Symbol = Symbol,
        Side = Side,
        Quantity = Quantity,
        OrderType = OrderType,
        EntryPrice = EntryPrice,
        StopLoss = StopLoss,
        RiskPercent = RiskPercent,
        Session = Session,
        Bias = Bias,
    };

    /// <summary>The order as JSON (snake_case, absent fields left out): what the firm receives.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() =>
        System.Text.Json.JsonSerializer.Serialize(this, Serialization.PropConnectorsJsonContext.Default.OrderRequest);
}
