using PropConnectors.Orders;
using PropConnectors.Routing.Events;

namespace PropConnectors.Routing.Payload;

/// <summary>
/// One read of a task payload (CONTRACT §1): the order's fields normalized, the routing fields, and every problem found,
/// each naming its field. The router reads a payload once per task and builds each firm's order from it.
/// </summary>
internal sealed record TaskPayload
{
    /// <summary>The order's fields as far as they could be read.</summary>
    public required OrderFields Order { get; init; }

    /// <summary>What the task does at each account.</summary>
    public TaskEvent Event { get; init; } = TaskEvent.Entry;

    /// <summary>Whether an entry is sized per account from <c>risk_percent</c> (CONTRACT §14): its quantity is absent or <c>auto</c>.</summary>
    public bool SizeFromRisk { get; init; }

    /// <summary>The firm programs (accounts) the signal is meant for, passed through.</summary>
    public IReadOnlyList<long>? ProgramIds { get; init; }

    /// <summary>The firm codes asked for, trimmed, upper case, without duplicates; <see langword="null"/>: every enabled firm.</summary>
    public IReadOnlyList<string>? FirmCodes { get; init; }

    /// <summary>Why <c>firm_codes</c> cannot be used, or <see langword="null"/>. The task then goes to no firm at all.</summary>
    public string? FirmCodesError { get; init; }

    /// <summary>Every problem of the order fields, in the order found.</summary>
    public required IReadOnlyList<OrderError> Errors { get; init; }

    /// <summary>The problems joined into one message, or <see langword="null"/> when the order is valid.</summary>
    public string? OrderError => Orders.OrderError.Join(Errors);

    /// <summary>The order for one firm. Only meaningful when <see cref="Errors"/> is empty.</summary>
    public OrderRequest CreateOrder(string clientOrderId, decimal? quantity = null) => new()
    {
        ClientOrderId = clientOrderId,
        Symbol = Order.Symbol ?? string.Empty,
        Side = Order.Side ?? default,
        Quantity = quantity ?? Order.Quantity ?? 0m,
        OrderType = Order.OrderType,
        EntryPrice = Order.EntryPrice,
        StopLoss = Order.StopLoss,
        Session = Order.Session,
        Bias = Order.Bias,
        RiskPercent = Order.RiskPercent,
        ProgramIds = ProgramIds,
    };
}
