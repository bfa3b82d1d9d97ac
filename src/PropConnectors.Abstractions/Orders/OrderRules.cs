using System.Globalization;

namespace PropConnectors.Orders;

/// <summary>
/// The rules every order keeps, checked in one place: by the payload builder (a signal's order), by the router, and by
/// <see cref="BasePropConnector"/> before anything is sent. Each problem names its field (<see cref="OrderError"/>).
/// </summary>
public static class OrderRules
{
    /// <summary>The longest symbol accepted; a longer one is not an instrument name.</summary>
    public const int MaxSymbolLength = 32;

    /// <summary>The longest pass-through label (<c>session</c>, <c>bias</c>) accepted.</summary>
    public const int MaxLabelLength = 64;

    /// <summary>The largest <c>risk_percent</c>: a fraction of the account, so 0.05 is 5 % (CONTRACT §14).</summary>
    public const decimal MaxRiskPercent = 0.05m;

    /// <summary>Checks <paramref name="order"/> and adds each problem to <paramref name="errors"/>, in field order.</summary>
    /// <param name="order">The fields to check.</param>
    /// <param name="errors">Where problems are added.</param>
    /// <param name="reported">Fields already reported by the caller (for example a quantity that was not a number): not reported again as missing.</param>
    public static void Check(in OrderFields order, ICollection<OrderError> errors, IReadOnlyCollection<string>? reported = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        bool Reported(string field) => reported?.Contains(field) == true;

        if (order.ClientOrderId is not null && !ClientOrderIds.IsValid(order.ClientOrderId))
        {
            errors.Add(new("client_order_id", "client_order_id must be 1 to 40 characters of [A-Za-z0-9_-]."));
        }

        CheckSymbol(order.Symbol, errors, Reported("symbol"));

        if (order.Side is null && !Reported("side"))
        {
            errors.Add(new("side", "side is missing: give side or direction (BUY, SELL, LONG or SHORT), or a Bullish/Bearish bias."));
        }
        else if (order.Side is { } side && side is not (OrderSide.Buy or OrderSide.Sell))
        {
            errors.Add(new("side", "side must be BUY or SELL."));
        }

        if (order.Quantity is { } quantity && quantity <= 0)
        {
            errors.Add(new("quantity", $"quantity must be greater than zero (got {quantity.ToString(CultureInfo.InvariantCulture)})."));
        }
        else if (order.Quantity is null && !Reported("quantity"))
        {
            errors.Add(new("quantity", "quantity is missing."));
        }

        CheckPrices(order, errors, Reported("entry_price"));
        CheckRisk(order.RiskPercent, errors);
        CheckLabel("session", order.Session, errors);
        CheckLabel("bias", order.Bias, errors);
    }

    /// <summary>
    /// Checks the fields of a task that closes or cancels rather than opens (CONTRACT §10: <c>EXIT</c>, <c>FLATTEN</c>,
    /// <c>CANCEL</c>): no side, quantity or price is needed; a symbol when <paramref name="symbolRequired"/>, and a quantity,
    /// when given, above zero.
    /// </summary>
    /// <param name="order">The fields to check.</param>
    /// <param name="errors">Where problems are added.</param>
    /// <param name="symbolRequired">Whether the task must name a symbol (an <c>EXIT</c> must).</param>
    /// <param name="reported">Fields already reported by the caller.</param>
    public static void CheckClose(in OrderFields order, ICollection<OrderError> errors, bool symbolRequired, IReadOnlyCollection<string>? reported = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (symbolRequired || order.Symbol is not null)
        {
            CheckSymbol(order.Symbol, errors, reported?.Contains("symbol") == true);
        }

        if (order.Quantity is <= 0)
        {
            errors.Add(new("quantity", $"quantity must be greater than zero (got {order.Quantity.Value.ToString(CultureInfo.InvariantCulture)})."));
        }
    }

    /// <summary>
    /// Checks what sizing from risk needs (CONTRACT §14): a <c>risk_percent</c> above zero (at most
    /// <see cref="MaxRiskPercent"/>, checked with the order), a <c>stop_loss</c>, and an <c>entry_price</c> (for a
    /// <c>MARKET</c> order too) at a distance from the stop.
    /// </summary>
    /// <param name="order">The fields to check.</param>
    /// <param name="errors">Where problems are added.</param>
    public static void CheckSizing(in OrderFields order, ICollection<OrderError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (order.RiskPercent is not > 0)
        {
            errors.Add(new("risk_percent", "risk_percent must be greater than zero to size the order (quantity is absent or \"auto\")."));
        }

        if (order.StopLoss is null)
        {
            errors.Add(new("stop_loss", "stop_loss is required to size the order from risk_percent."));
        }

        if (order.EntryPrice is null)
        {
            errors.Add(new("entry_price", "entry_price is required to size the order from risk_percent (for a MARKET order too)."));
        }
        else if (order.StopLoss is { } stop && stop == order.EntryPrice)
        {
            errors.Add(new("stop_loss", "stop_loss is at entry_price: a stop at zero distance cannot size an order."));
        }
    }

    private static void CheckPrices(in OrderFields order, ICollection<OrderError> errors, bool entryReported)
    {
        if (!Enum.IsDefined(order.OrderType))
        {
            errors.Add(new("order_type", "order_type must be MARKET, LIMIT or STOP."));
        }
        else if (order.OrderType != OrderType.Market && order.EntryPrice is null && !entryReported)
        {
            errors.Add(new("entry_price", order.OrderType == OrderType.Limit
                ? "entry_price is required for a LIMIT order."
                : "entry_price (the stop trigger) is required for a STOP order."));
        }

        if (order.EntryPrice is <= 0)
        {
            errors.Add(new("entry_price", "entry_price must be greater than zero."));
        }

        if (order.StopLoss is <= 0)
        {
            errors.Add(new("stop_loss", "stop_loss must be greater than zero."));
        }
    }

    private static void CheckRisk(decimal? riskPercent, ICollection<OrderError> errors)
    {
        if (riskPercent is < 0)
        {
            errors.Add(new("risk_percent", "risk_percent must not be negative."));
        }
        else if (riskPercent > MaxRiskPercent)
        {
            errors.Add(new("risk_percent", $"risk_percent {riskPercent.Value.ToString(CultureInfo.InvariantCulture)} is above {MaxRiskPercent.ToString(CultureInfo.InvariantCulture)}: it is a fraction of the account (0.01 = 1 %)."));
        }
    }

    /// <summary>Checks an order and returns its problems joined, or <see langword="null"/> when it keeps every rule.</summary>
    /// <param name="order">The fields to check.</param>
    /// <returns>The problems as one message, or <see langword="null"/>.</returns>
    public static string? Validate(in OrderFields order)
    {
        var errors = new List<OrderError>();
        Check(order, errors);
        return OrderError.Join(errors);
    }

    private static void CheckSymbol(string? symbol, ICollection<OrderError> errors, bool reported)
    {
        if (string.IsNullOrWhiteSpace(symbol))
        {
            if (!reported)
            {
                errors.Add(new("symbol", "symbol is missing."));
            }

            return;
        }

        if (symbol.Length > MaxSymbolLength)
        {
            errors.Add(new("symbol", $"symbol is longer than {MaxSymbolLength} characters."));
        }
        else if (symbol.AsSpan().ContainsAnyInRange('\u0000', '\u001f'))
        {
            errors.Add(new("symbol", "symbol contains control characters."));
        }
    }

    private static void CheckLabel(string field, string? value, ICollection<OrderError> errors)
    {
        if (value is { Length: > MaxLabelLength })
        {
            errors.Add(new(field, $"{field} is longer than {MaxLabelLength} characters."));
        }
    }
}
