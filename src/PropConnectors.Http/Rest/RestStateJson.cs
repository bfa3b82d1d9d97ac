using System.Globalization;
using System.Text.Json;
using PropConnectors.Accounts;
using PropConnectors.Http;
using PropConnectors.Orders;

namespace PropConnectors.Rest;

/// <summary>
/// The generic contract's account reads (CONTRACT §12) as JSON: <c>/account</c>, <c>/positions</c> and
/// <c>/orders?status=open</c>. Numbers may be JSON numbers or numeric strings. An answer missing a required value reads as
/// nothing (the call is then <see cref="FirmReplyKind.InvalidResponse"/>); an entry of a list that cannot be read makes the
/// whole list unreadable, since a position left out would be a position an exit or flatten forgets.
/// </summary>
internal static class RestStateJson
{
    public static AccountState? ReadAccount(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && Number(json, "balance") is { } balance && Number(json, "equity") is { } equity
            ? new AccountState
            {
                AccountId = FirmHttp.ReadString(json, "account_id"),
                Balance = balance,
                Equity = equity,
                DayStartBalance = Number(json, "day_start_balance"),
                Currency = FirmHttp.ReadString(json, "currency"),
                HighWaterBalance = Number(json, "high_water_balance"),
                DrawdownFloor = Number(json, "drawdown_floor"),
            }
            : null;

    public static IReadOnlyList<Position>? ReadPositions(JsonElement json) => ReadList(json, "positions", ReadPosition);

    public static IReadOnlyList<WorkingOrder>? ReadOpenOrders(JsonElement json) => ReadList(json, "orders", ReadWorkingOrder);

    private static Position? ReadPosition(JsonElement item)
    {
        if (FirmHttp.ReadString(item, "symbol") is not { } symbol || Number(item, "quantity") is not { } quantity)
        {
            return null;
        }

        PositionSide? side = FirmHttp.ReadString(item, "side")?.ToUpperInvariant() switch
        {
            "LONG" or "BUY" => PositionSide.Long,
            "SHORT" or "SELL" => PositionSide.Short,
            null => quantity < 0 ? PositionSide.Short : PositionSide.Long, // a signed quantity says the side itself
            _ => null,
        };
        return side is { } known && quantity != 0
            ? new Position { Symbol = symbol, Side = known, Quantity = Math.Abs(quantity), AveragePrice = Number(item, "average_price"), UnrealizedPnl = Number(item, "unrealized_pnl") }
            : null;
    }

    private static WorkingOrder? ReadWorkingOrder(JsonElement item) =>
        FirmHttp.ReadString(item, "order_id") is { } orderId && FirmHttp.ReadString(item, "symbol") is { } symbol
            ? new WorkingOrder
            {
                OrderId = orderId,
                ClientOrderId = FirmHttp.ReadString(item, "client_order_id"),
                Symbol = symbol,
                Side = FirmHttp.ReadString(item, "side")?.ToUpperInvariant() switch { "BUY" => OrderSide.Buy, "SELL" => OrderSide.Sell, _ => null },
                Quantity = Number(item, "quantity"),
                OrderType = FirmHttp.ReadString(item, "order_type")?.ToUpperInvariant() switch { "MARKET" => OrderType.Market, "LIMIT" => OrderType.Limit, "STOP" => OrderType.Stop, _ => null },
                Status = FirmHttp.ReadString(item, "status"),
            }
            : null;

    private static List<T>? ReadList<T>(JsonElement json, string property, Func<JsonElement, T?> readItem)
        where T : class
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(property, out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var items = new List<T>(list.GetArrayLength());
        foreach (JsonElement item in list.EnumerateArray())
        {
            if (readItem(item) is not { } read)
            {
                return null;
            }

            items.Add(read);
        }

        return items;
    }

    private static decimal? Number(JsonElement json, string property)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(property, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out decimal number) => number,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed) => parsed,
            _ => null,
        };
    }
}
