using System.Globalization;
using System.Text.Json;
using PropConnectors.Accounts;
using PropConnectors.Orders;

namespace PropConnectors.Samples.AcmeConnector.Internal;

/// <summary>
/// Acme's account reads mapped to the SDK's model. Each returns null when the answer does not hold what is needed, which
/// the SDK reports as an invalid response: a list with an entry it cannot read is unreadable as a whole, since a position
/// left out would be one an exit or flatten forgets.
/// </summary>
internal static class AcmeState
{
    public static AccountState? ReadAccount(JsonElement json) =>
        Deserialize(json, AcmeJsonContext.Default.AcmeAccountEnvelope)?.Account is { } account && Amount(account.Balance) is { } balance && Amount(account.Equity) is { } equity
            ? new AccountState { Balance = balance, Equity = equity, DayStartBalance = Amount(account.DayStartBalance), Currency = account.Currency }
            : null;

    public static IReadOnlyList<Position>? ReadPositions(JsonElement json) =>
        Deserialize(json, AcmeJsonContext.Default.AcmePositionsEnvelope)?.Positions is { } positions ? All(positions, ReadPosition) : null;

    public static IReadOnlyList<WorkingOrder>? ReadWorkingOrders(JsonElement json) =>
        Deserialize(json, AcmeJsonContext.Default.AcmeWorkingTradesEnvelope)?.Trades is { } trades ? All(trades, ReadWorkingOrder) : null;

    private static Position? ReadPosition(AcmePosition position) =>
        position is { Instrument: { Length: > 0 } symbol, Size: > 0 and var size } && Side(position.Direction) is { } side
            ? new Position { Symbol = symbol, Side = side == OrderSide.Buy ? PositionSide.Long : PositionSide.Short, Quantity = size }
            : null;

    private static WorkingOrder? ReadWorkingOrder(AcmeWorkingTrade trade) =>
        trade is { Id: { Length: > 0 } id, Instrument: { Length: > 0 } symbol }
            ? new WorkingOrder
            {
                OrderId = id,
                ClientOrderId = trade.Ref,
                Symbol = symbol,
                Side = Side(trade.Direction),
                Quantity = trade.Size,
                OrderType = trade.Kind switch { "limit" => OrderType.Limit, "stop" => OrderType.Stop, "market" => OrderType.Market, _ => null },
                Status = trade.State?.ToUpperInvariant(),
            }
            : null;

    private static List<TOut>? All<TIn, TOut>(TIn[] items, Func<TIn, TOut?> read)
        where TOut : class
    {
        var list = new List<TOut>(items.Length);
        foreach (TIn item in items)
        {
            if (read(item) is not { } value)
            {
                return null;
            }

            list.Add(value);
        }

        return list;
    }

    private static OrderSide? Side(string? direction) => direction switch { "long" => OrderSide.Buy, "short" => OrderSide.Sell, _ => null };

    private static decimal? Amount(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal amount) ? amount : null;

    private static T? Deserialize<T>(JsonElement json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return json.Deserialize(type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
