using PropConnectors.Accounts;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing.Execution;
using PropConnectors.Rules;

namespace PropConnectors.Routing.Events;

/// <summary>
/// <c>EXIT</c>, <c>FLATTEN</c> and <c>CANCEL</c> at one account (CONTRACT §10). A close is a reduce-only market order of
/// the opposite side, never larger than the position read, under a client order id derived from (task, firm, account,
/// symbol): a re-delivered task reads the position again and closes only what is still open, and a close already sent is
/// the same order at the firm. Each result lists what it did in <see cref="ConnectorResult.Actions"/>.
/// </summary>
internal static class CloseEvents
{
    public static async Task<ConnectorResult> ExitAsync(AccountRoute route)
    {
        string symbol = route.Connector.ResolveSymbol(route.Payload.Order.Symbol!);
        if (route.Rules.KillSwitch.For(route.Connector) == KillSwitchState.Halted)
        {
            return route.Failed(ConnectorErrorCodes.KillSwitch, $"The kill switch is halted for {route.Connector.DisplayName}: exits are refused (FLATTEN and CANCEL still pass).");
        }

        if (route.DryRun)
        {
            return route.Preview($"read the positions and close the {symbol} position with a reduce-only order");
        }

        ConnectorRead<IReadOnlyList<Position>> positions = await route.Reads.Positions.ConfigureAwait(false);
        if (!positions.IsSuccess)
        {
            return route.ReadFailed(positions, "The positions", retryable: true);
        }

        if (positions.Value!.FirstOrDefault(p => Same(p.Symbol, symbol)) is not { } position)
        {
            return ConnectorResult.Skipped(route.Connector.FirmCode, $"No open {symbol} position at {route.Connector.DisplayName}: nothing to close, nothing sent.")
                with { Account = route.Connector.Account, ErrorCode = ConnectorErrorCodes.NoPosition, Actions = [] };
        }

        decimal quantity = Math.Min(route.Payload.Order.Quantity ?? position.Quantity, position.Quantity); // clipped: an exit never reverses
        (ConnectorAction action, ConnectorResult result) = await CloseAsync(route, position, quantity).ConfigureAwait(false);
        return result with { Actions = [action] };
    }

    public static async Task<ConnectorResult> FlattenAsync(AccountRoute route)
    {
        string? symbol = route.Payload.Order.Symbol is { } given ? route.Connector.ResolveSymbol(given) : null;
        if (route.DryRun)
        {
            return route.Preview($"read the positions and working orders{(symbol is null ? string.Empty : " in " + symbol)}, cancel every working order and close every position");
        }

        // Both reads start before either is awaited.
        Task<ConnectorRead<IReadOnlyList<Position>>> positionsRead = route.Reads.Positions;
        Task<ConnectorRead<IReadOnlyList<WorkingOrder>>> ordersRead = route.Reads.OpenOrders;
        ConnectorRead<IReadOnlyList<WorkingOrder>> orders = await ordersRead.ConfigureAwait(false);
        ConnectorRead<IReadOnlyList<Position>> positions = await positionsRead.ConfigureAwait(false);
        if (!orders.IsSuccess)
        {
            return route.ReadFailed(orders, "The working orders", retryable: true);
        }

        if (!positions.IsSuccess)
        {
            return route.ReadFailed(positions, "The positions", retryable: true);
        }

        // Working orders first, so that none fills after its position was closed.
        List<ConnectorAction> actions = await CancelAllAsync(route, orders.Value!.Where(o => symbol is null || Same(o.Symbol, symbol))).ConfigureAwait(false);
        Task<(ConnectorAction Action, ConnectorResult Result)>[] closes = [.. positions.Value!.Where(p => symbol is null || Same(p.Symbol, symbol)).Select(p => CloseAsync(route, p, p.Quantity))];
        (ConnectorAction Action, ConnectorResult Result)[] closed = await Task.WhenAll(closes).ConfigureAwait(false);
        actions.AddRange(closed.Select(c => c.Action));
        return Summary(route, actions, closed.Sum(c => c.Result.Attempts));
    }

    public static async Task<ConnectorResult> CancelAsync(AccountRoute route)
    {
        string? symbol = route.Payload.Order.Symbol is { } given ? route.Connector.ResolveSymbol(given) : null;
        if (route.DryRun)
        {
            return route.Preview($"read the working orders{(symbol is null ? string.Empty : " in " + symbol)} and cancel each");
        }

        ConnectorRead<IReadOnlyList<WorkingOrder>> orders = await route.Reads.OpenOrders.ConfigureAwait(false);
        if (!orders.IsSuccess)
        {
            return route.ReadFailed(orders, "The working orders", retryable: true);
        }

        List<ConnectorAction> actions = await CancelAllAsync(route, orders.Value!.Where(o => symbol is null || Same(o.Symbol, symbol))).ConfigureAwait(false);
        return Summary(route, actions, attempts: 0);
    }

    private static async Task<(ConnectorAction Action, ConnectorResult Result)> CloseAsync(AccountRoute route, Position position, decimal quantity)
    {
        BasePropConnector connector = route.Connector;
        var close = new OrderRequest
        {
            ClientOrderId = ClientOrderIds.ForClose(route.Task.Id, connector.FirmCode, connector.Account, position.Symbol),
            Symbol = position.Symbol,
            Side = position.ClosingSide,
            Quantity = quantity,
            OrderType = OrderType.Market,
            ReduceOnly = true,
            ProgramIds = route.Payload.ProgramIds,
        };
        ConnectorResult result = await connector.PlaceOrderAsync(close, route.Placement, route.CancellationToken).ConfigureAwait(false);
        if (result.Status == ConnectorStatus.Failed && await IsGoneAsync(route, position.Symbol).ConfigureAwait(false))
        {
            result = ConnectorResult.Skipped(connector.FirmCode, $"{connector.DisplayName} refused the close ({result.ErrorCode}), and a fresh read shows no {position.Symbol} position left: it was closed by another order.", close.ClientOrderId)
                with { Account = connector.Account, ErrorCode = ConnectorErrorCodes.NoPosition, Attempts = result.Attempts };
        }

        return (ConnectorAction.Of(ConnectorActionKind.Close, position.Symbol, quantity, result), result);
    }

    // A close the firm refuses may have lost a race with another close (a stop, a second exit, the trader): a fresh read,
    // not this task's, tells. Without a readable answer the refusal stands.
    private static async Task<bool> IsGoneAsync(AccountRoute route, string symbol)
    {
        ConnectorRead<IReadOnlyList<Position>> fresh = await route.Connector.GetPositionsAsync(route.CancellationToken).ConfigureAwait(false);
        return fresh.IsSuccess && !fresh.Value!.Any(p => Same(p.Symbol, symbol));
    }

    private static async Task<List<ConnectorAction>> CancelAllAsync(AccountRoute route, IEnumerable<WorkingOrder> orders)
    {
        WorkingOrder[] working = [.. orders];
        ConnectorResult[] cancelled = await Task.WhenAll(working.Select(o => route.Connector.CancelOrderAsync(o.OrderId, route.CancellationToken))).ConfigureAwait(false);
        return [.. working.Select((o, i) => ConnectorAction.Of(ConnectorActionKind.Cancel, o.Symbol, o.Quantity, cancelled[i] with { ExternalOrderId = cancelled[i].ExternalOrderId ?? o.OrderId }))];
    }

    // SUCCESS when every action succeeded (or found nothing left to do); otherwise the worst action's status and code.
    private static ConnectorResult Summary(AccountRoute route, List<ConnectorAction> actions, int attempts)
    {
        BasePropConnector connector = route.Connector;
        ConnectorAction? worst = actions.Where(a => !IsDone(a)).OrderByDescending(a => Rank(a.Status)).FirstOrDefault();
        ConnectorResult result = worst is null
            ? ConnectorResult.Success(connector.FirmCode, externalOrderId: null, attempts: attempts)
            : ConnectorResult.Failed(connector.FirmCode, worst.ErrorCode ?? ConnectorErrorCodes.ConnectorError, $"{actions.Count(a => !IsDone(a))} of {actions.Count} actions did not succeed; the first: {worst.Kind} {worst.Symbol}: {worst.ErrorMessage}", attempts: attempts) with { Status = worst.Status };
        return result with { Account = connector.Account, Actions = actions };
    }

    private static bool IsDone(ConnectorAction action) =>
        action.Status == ConnectorStatus.Success || (action.Status == ConnectorStatus.Skipped && action.ErrorCode == ConnectorErrorCodes.NoPosition);

    private static int Rank(ConnectorStatus status) => status switch
    {
        ConnectorStatus.Unknown => 4,
        ConnectorStatus.Retry => 3,
        ConnectorStatus.Failed => 2,
        _ => 1,
    };

    private static bool Same(string left, string right) => string.Equals(left.Trim(), right, StringComparison.OrdinalIgnoreCase);
}
