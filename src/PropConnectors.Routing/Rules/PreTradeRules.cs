using System.Globalization;
using PropConnectors.Accounts;
using PropConnectors.Configuration;
using PropConnectors.Instruments;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Rules;

namespace PropConnectors.Routing.Rules;

/// <summary>
/// CONTRACT §13's rules for an entry at one account, in the contract's order; the first that fails is the result. Rules
/// 1, 2 and 4 need nothing from the firm; 5 to 9 need the account's state and positions, and apply to an account whose
/// <c>AccountSize</c> is known (without one they are off). Rule 3 reads the windows in their IANA zones.
/// </summary>
internal static class PreTradeRules
{
    /// <summary>What the startup line says of an account's rules: which apply, and why the loss rules are off.</summary>
    public static string Describe(BasePropConnector connector)
    {
        PropFirmOptions options = connector.Options;
        FirmRules rules = options.FirmRules;
        var parts = new List<string> { $"automation {rules.Automation.ToString().ToLowerInvariant()}{(rules.Automation != AutomationPolicy.Allowed && !options.AcknowledgeAutomationPolicy ? " (not acknowledged: live entries refused)" : string.Empty)}" };
        if (options.RequireStopLoss ?? rules.RequireStopLoss)
        {
            parts.Add("stop loss required");
        }

        if (options.TradingWindows is { Count: > 0 } windows)
        {
            parts.Add("windows " + string.Join("; ", windows));
        }

        parts.Add(NeedState(connector)
            ? string.Create(CultureInfo.InvariantCulture, $"account size {options.AccountSize:N0}: position, hedging, loss floors and headroom checked")
            : "no AccountSize: position after the order, hedging, loss floors and headroom not checked");
        return string.Join(", ", parts);
    }

    /// <summary>Whether the account's entries need its state and positions read first (rules 5–9).</summary>
    public static bool NeedState(BasePropConnector connector) => connector.Options.AccountSize is > 0;

    /// <summary>Rules 1, 2 and 4; under the dry-run gate the caller reports a refusal as what live mode would answer.</summary>
    public static RuleRefusal? BeforeReads(BasePropConnector connector, KillSwitchState killSwitch, OrderFields order, DateTimeOffset now)
    {
        PropFirmOptions options = connector.Options;
        if (killSwitch != KillSwitchState.Active)
        {
            return new(ConnectorErrorCodes.KillSwitch, $"The kill switch is {KillSwitch.Name(killSwitch)} for {Name(connector)}: entries are refused.");
        }

        if (options.FirmRules.Automation != AutomationPolicy.Allowed && !options.AcknowledgeAutomationPolicy)
        {
            return new(ConnectorErrorCodes.AutomationNotAcknowledged, $"{connector.DisplayName}'s rules {(options.FirmRules.Automation == AutomationPolicy.Prohibited ? "prohibit" : "restrict")} automated trading; set PropConnectors:Firms:{connector.FirmCode}:AcknowledgeAutomationPolicy=true to send entries anyway, at your own risk.");
        }

        if (OutsideWindows(options, now) is { } outside)
        {
            return new(ConnectorErrorCodes.OutsideTradingHours, $"{Name(connector)}: {outside}");
        }

        if ((options.RequireStopLoss ?? options.FirmRules.RequireStopLoss) && order.StopLoss is null)
        {
            return new(ConnectorErrorCodes.StopLossRequired, $"{connector.DisplayName} requires a stop loss on every entry; the signal has no stop_loss.");
        }

        return null;
    }

    /// <summary>
    /// Rules 5 to 9 for an entry of <paramref name="quantity"/>. A sized entry (<paramref name="sized"/>) is lowered to fit
    /// the position limit and the headroom; a given quantity is refused instead. Returns the quantity that may be sent.
    /// </summary>
    public static (RuleRefusal? Refusal, decimal Quantity) WithState(BasePropConnector connector, OrderFields order, string symbol, decimal quantity, bool sized, AccountState account, IReadOnlyList<Position> positions, decimal highest)
    {
        PropFirmOptions options = connector.Options;
        Instrument? instrument = connector.FindInstrument(symbol);
        decimal step = instrument?.QuantityStep ?? 0m;
        OrderSide side = order.Side ?? OrderSide.Buy;

        (decimal? max, decimal? halvedFrom) = PositionLimit(options, account);
        decimal open = Signed(positions, symbol);
        decimal after = open + (side == OrderSide.Buy ? quantity : -quantity);
        if (max is { } limit && Math.Abs(after) > limit && Math.Abs(after) > Math.Abs(open))
        {
            decimal room = Math.Max(0m, limit - (side == OrderSide.Buy ? open : -open));
            if (!sized || Round(room, instrument) < (instrument?.MinQuantity ?? 0m) || Round(room, instrument) <= 0)
            {
                return (new(ConnectorErrorCodes.PositionLimitExceeded, Text($"the position in {symbol} after the order would be {Math.Abs(after)}, above {Name(connector)}'s limit of {limit}{(halvedFrom is { } full ? Text($" (half of {full} until the balance passes the scaling threshold)") : string.Empty)} (open {open}, order {quantity}).")), quantity);
            }

            quantity = Round(room, instrument);
        }

        if (!(options.AllowHedging ?? false) && Opposite(positions, symbol, side) is { } hedged)
        {
            return (new(ConnectorErrorCodes.HedgingNotAllowed, $"{Name(connector)} holds a {hedged.Side.ToString().ToUpperInvariant()} {hedged.Symbol} position; a {side.ToString().ToUpperInvariant()} {symbol} entry would hedge it, which the firm does not allow (AllowHedging)."), quantity);
        }

        LossFloors floors = LossFloors.Of(options, account, highest);
        if (floors.Daily is { } daily && account.Equity <= daily)
        {
            return (new(ConnectorErrorCodes.DailyLossLimit, Text($"equity {account.Equity:N2} ≤ {floors.DailyText} at {Name(connector)}: no entry until the day resets.")), quantity);
        }

        if (floors.Max is { } maxFloor && account.Equity <= maxFloor)
        {
            return (new(ConnectorErrorCodes.MaxLossLimit, Text($"equity {account.Equity:N2} ≤ {floors.MaxText} at {Name(connector)}.")), quantity);
        }

        return Headroom(connector, order, symbol, quantity, sized, account, floors, instrument, step);
    }

    // Rule 5's limit: MaxPositionSize, capped by the size's contracts (Topstep), halved until the balance passes size +
    // trailing drawdown + where the floor stops (Apex's scaling).
    private static (decimal? Limit, decimal? HalvedFrom) PositionLimit(PropFirmOptions options, AccountState account)
    {
        FirmRules rules = options.FirmRules;
        if (options.AccountSize is not { } size)
        {
            return (options.MaxPositionSize, null);
        }

        decimal? bySize = rules.MaxContractsBySize?.TryGetValue(size, out decimal cap) == true ? cap : null;
        if (options.MaxPositionSize is null && bySize is null)
        {
            return (null, null);
        }

        decimal max = options.MaxPositionSize ?? bySize!.Value; // a limit set in configuration wins over the size's table
        decimal? drawdown = options.TrailingDrawdown ?? (rules.TrailingDrawdownBySize?.TryGetValue(size, out decimal trailing) == true ? trailing : null);
        decimal? threshold = options.ScalingThreshold
            ?? (rules.HalfSizeUntilTrailingStops && drawdown is { } d ? size + d + (options.TrailingStopsAt ?? rules.TrailingStopsAt ?? 0m) : null);
        return threshold is { } passes && account.Balance <= passes ? (Math.Floor(max / 2), max) : (max, null);
    }

    // Rule 9: the order's loss at its stop must leave equity above every floor.
    private static (RuleRefusal?, decimal) Headroom(BasePropConnector connector, OrderFields order, string symbol, decimal quantity, bool sized, AccountState account, LossFloors floors, Instrument? instrument, decimal step)
    {
        if (floors.Highest is not { } floor || order.StopLoss is not { } stop || order.EntryPrice is not { } entry || instrument is null)
        {
            return (null, quantity); // no floor, or no stop distance to measure the loss by
        }

        decimal perUnit = Math.Abs(entry - stop) * instrument.PointValue;
        decimal headroom = account.Equity - floor;
        if (perUnit * quantity < headroom)
        {
            return (null, quantity);
        }

        decimal fits = instrument.RoundDown(headroom / perUnit);
        if (fits * perUnit >= headroom)
        {
            fits -= step > 0 ? step : fits; // strictly above the floor
        }

        string text = Text($"a loss at the stop of {perUnit * quantity:N2} ({quantity} × {perUnit:N2}) would leave equity {account.Equity - (perUnit * quantity):N2} at or below the floor {floor:N2} at {Name(connector)}");
        if (!sized || fits < instrument.MinQuantity || fits <= 0)
        {
            return (new(ConnectorErrorCodes.RiskExceedsHeadroom, text + (sized ? Text($"; even {instrument.MinQuantity} would.") : ".")), quantity);
        }

        return (null, fits);
    }

    // Rule 3: none of the configured windows holds now (an unreadable window refuses: it cannot be shown to be open).
    private static string? OutsideWindows(PropFirmOptions options, DateTimeOffset now)
    {
        if (options.TradingWindows is not { Count: > 0 } windows)
        {
            return null;
        }

        foreach (string text in windows)
        {
            if (TradingWindow.TryParse(text, out string? problem) is not { } window)
            {
                return $"the trading window {problem}; entries are refused until it is fixed.";
            }

            if (window.Contains(now))
            {
                return null;
            }
        }

        return Text($"{now.UtcDateTime:yyyy-MM-dd HH:mm} UTC is outside the trading windows ({string.Join("; ", windows)}).");
    }

    private static Position? Opposite(IReadOnlyList<Position> positions, string symbol, OrderSide side)
    {
        string? twin = CmeFutures.Twins.GetValueOrDefault(symbol);
        PositionSide against = side == OrderSide.Buy ? PositionSide.Short : PositionSide.Long;
        return positions.FirstOrDefault(p => p.Side == against && (Same(p.Symbol, symbol) || (twin is not null && Same(p.Symbol, twin))));
    }

    private static decimal Signed(IReadOnlyList<Position> positions, string symbol) =>
        positions.Where(p => Same(p.Symbol, symbol)).Sum(p => p.Side == PositionSide.Long ? p.Quantity : -p.Quantity);

    private static decimal Round(decimal quantity, Instrument? instrument) => instrument?.RoundDown(quantity) ?? quantity;

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Name(BasePropConnector connector) => connector.Account is { } account ? $"{connector.DisplayName} account {account}" : connector.DisplayName;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
