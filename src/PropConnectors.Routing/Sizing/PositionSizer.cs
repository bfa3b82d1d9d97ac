using System.Globalization;
using PropConnectors.Accounts;
using PropConnectors.Instruments;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Routing.Sizing;

/// <summary>
/// Sizes an entry from risk at one account (CONTRACT §14): quantity = ⌊ risk_percent × balance ÷ (|entry − stop| × point
/// value) ⌋ to the instrument's quantity step, then lowered to the position limit; below the instrument's minimum it is
/// refused. Every figure goes into the result's <see cref="OrderSizing"/>.
/// </summary>
internal static class PositionSizer
{
    /// <summary>The sized quantity and how it was found, or why the order cannot be sized (the error code and message).</summary>
    public static (OrderSizing? Sizing, string? ErrorCode, string? Error) Size(OrderFields order, AccountState account, Instrument? instrument, string symbol, decimal? maxPosition)
    {
        if (instrument is null)
        {
            return (null, ConnectorErrorCodes.InvalidOrder, $"{symbol} has no instrument (point value, quantity step) at this firm, so the order cannot be sized from risk_percent; give a quantity, or configure Instruments:{symbol}.");
        }

        decimal risk = order.RiskPercent!.Value;
        decimal distance = Math.Abs(order.EntryPrice!.Value - order.StopLoss!.Value);
        decimal riskAmount = risk * account.Balance;
        decimal perUnit = distance * instrument.PointValue;
        decimal sized = perUnit > 0 && riskAmount > 0 ? instrument.RoundDown(riskAmount / perUnit) : 0m;
        decimal quantity = maxPosition is { } max && sized > max ? instrument.RoundDown(max) : sized;
        string text = string.Create(CultureInfo.InvariantCulture, $"{risk * 100:0.###} % of balance {account.Balance:N2} = {riskAmount:N2} at risk; stop distance {distance} × point value {instrument.PointValue} = {perUnit:N2} per unit → {sized}");
        text += quantity < sized
            ? string.Create(CultureInfo.InvariantCulture, $"; capped to {quantity} by the position limit of {maxPosition}")
            : string.Empty;

        var sizing = new OrderSizing
        {
            RiskPercent = risk,
            Balance = account.Balance,
            RiskAmount = riskAmount,
            StopDistance = distance,
            PointValue = instrument.PointValue,
            SizedQuantity = sized,
            Quantity = quantity,
            Explanation = text + ".",
        };
        if (quantity < instrument.MinQuantity || quantity <= 0)
        {
            string code = sized >= instrument.MinQuantity ? ConnectorErrorCodes.PositionLimitExceeded : ConnectorErrorCodes.RiskExceedsHeadroom;
            return (sizing, code, string.Create(CultureInfo.InvariantCulture, $"The order sizes below {symbol}'s minimum of {instrument.MinQuantity}: {text}."));
        }

        return (sizing, null, null);
    }
}
