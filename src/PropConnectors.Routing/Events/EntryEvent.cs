using PropConnectors.Accounts;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing.Execution;
using PropConnectors.Routing.Rules;
using PropConnectors.Routing.Sizing;
using PropConnectors.Rules;

namespace PropConnectors.Routing.Events;

/// <summary>
/// <c>ENTRY</c> at one account (CONTRACT §10, §13, §14): the rules that need nothing from the firm, then — when the
/// account's rules or its sizing need them — the account and its positions read at once, the sizing, the rules that
/// need them, and the order. Every refusal sends nothing.
/// </summary>
internal static class EntryEvent
{
    public static async Task<ConnectorResult> RunAsync(AccountRoute route)
    {
        BasePropConnector connector = route.Connector;
        OrderFields fields = route.Payload.Order;
        // A firm that cannot take the order at all says so itself (not configured, symbol not traded), before any rule.
        if (connector.GetConfigurationProblem() is not null || !connector.SupportsSymbol(connector.ResolveSymbol(fields.Symbol!)))
        {
            return await PlaceAsync(route, quantity: null, sizing: null).ConfigureAwait(false);
        }

        KillSwitchState killSwitch = route.Rules.KillSwitch.For(connector);
        if (PreTradeRules.BeforeReads(connector, killSwitch, fields, route.Rules.Time.GetUtcNow()) is { } refused)
        {
            return route.DryRun
                ? route.Preview($"be refused: {refused.Code}: {refused.Message}", route.EntryClientOrderId)
                : route.Failed(refused.Code, refused.Message, route.EntryClientOrderId);
        }

        bool needState = PreTradeRules.NeedState(connector);
        if (!route.Payload.SizeFromRisk && !needState)
        {
            return await PlaceAsync(route, quantity: null, sizing: null).ConfigureAwait(false);
        }

        string symbol = connector.ResolveSymbol(fields.Symbol!);
        if (route.DryRun)
        {
            return route.Preview(route.Payload.SizeFromRisk
                ? $"read the account's balance and size the {symbol} order from risk_percent {fields.RiskPercent}, then check the firm's rules on it"
                : $"read the account's state and positions and check the firm's rules (position limit, hedging, loss floors, headroom) before sending the {symbol} order", route.EntryClientOrderId);
        }

        // Both reads start before either is awaited.
        Task<ConnectorRead<AccountState>> accountRead = route.Reads.Account;
        Task<ConnectorRead<IReadOnlyList<Position>>>? positionsRead = needState ? route.Reads.Positions : null;
        ConnectorRead<AccountState> account = await accountRead.ConfigureAwait(false);
        ConnectorRead<IReadOnlyList<Position>>? positions = positionsRead is null ? null : await positionsRead.ConfigureAwait(false);
        if (!account.IsSuccess)
        {
            return route.ReadFailed(account, "The account state", retryable: false, route.EntryClientOrderId);
        }

        if (positions is { IsSuccess: false })
        {
            return route.ReadFailed(positions, "The positions", retryable: false, route.EntryClientOrderId);
        }

        return await CheckedAsync(route, symbol, account.Value!, positions?.Value).ConfigureAwait(false);
    }

    private static async Task<ConnectorResult> CheckedAsync(AccountRoute route, string symbol, AccountState account, IReadOnlyList<Position>? positions)
    {
        BasePropConnector connector = route.Connector;
        OrderFields fields = route.Payload.Order;
        OrderSizing? sizing = null;
        decimal quantity = fields.Quantity ?? 0m;
        if (route.Payload.SizeFromRisk)
        {
            (sizing, string? code, string? error) = PositionSizer.Size(fields, account, connector.FindInstrument(symbol), symbol, connector.Options.MaxPositionSize);
            if (code is not null)
            {
                return route.Failed(code, error!, route.EntryClientOrderId) with { Sizing = sizing };
            }

            quantity = sizing!.Quantity;
        }

        if (positions is not null)
        {
            account = route.Rules.WithDayStart(connector, account);
            decimal highest = account.HighWaterBalance
                ?? await route.Rules.HighestBalances.RecordAsync(connector.FirmCode, connector.Account, account.Balance, route.CancellationToken).ConfigureAwait(false);
            (RuleRefusal? refused, decimal allowed) = PreTradeRules.WithState(connector, fields, symbol, quantity, route.Payload.SizeFromRisk, account, positions, highest);
            if (refused is { } refusal)
            {
                return route.Failed(refusal.Code, refusal.Message, route.EntryClientOrderId) with { Sizing = sizing };
            }

            if (allowed < quantity && sizing is not null)
            {
                sizing = sizing with { Quantity = allowed, Explanation = sizing.Explanation.TrimEnd('.') + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; lowered to {allowed} by the firm's rules.") };
            }

            quantity = allowed;
        }

        return await PlaceAsync(route, route.Payload.SizeFromRisk || positions is not null ? quantity : null, sizing).ConfigureAwait(false);
    }

    private static async Task<ConnectorResult> PlaceAsync(AccountRoute route, decimal? quantity, OrderSizing? sizing)
    {
        if (quantity is { } sized && route.Payload.SizeFromRisk)
        {
            OrderRequest order = route.Payload.CreateOrder(route.EntryClientOrderId, sized);
            ConnectorResult placed = await route.Connector.PlaceOrderAsync(order, route.Placement, route.CancellationToken).ConfigureAwait(false);
            return placed with { Sizing = sizing };
        }

        OrderPayloadResult built = OrderPayloadBuilder.Build(route.Payload, route.EntryClientOrderId);
        return built.IsValid
            ? await route.Connector.PlaceOrderAsync(built.Order, route.Placement, route.CancellationToken).ConfigureAwait(false)
            : built.ToInvalidOrderResult(route.Connector.FirmCode, route.EntryClientOrderId) with { Account = route.Connector.Account };
    }
}
