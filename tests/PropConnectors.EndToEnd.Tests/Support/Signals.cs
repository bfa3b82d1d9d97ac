using System.Text.Json.Nodes;
using PropConnectors.Routing;

namespace PropConnectors.EndToEnd.Tests.Support;

/// <summary>Tasks of the trading model (CONTRACT §10–§14): exits, flattens, cancels and risk-sized entries.</summary>
internal static class Signals
{
    public static ExecutionTask Event(string id, string eventType, JsonObject payload) =>
        ExecutionJson.Parse(new JsonObject { ["id"] = id, ["event_type"] = eventType, ["payload"] = payload }.ToJsonString());

    public static JsonObject Payload(string[] firmCodes, string? symbol = "NQ", object? quantity = null)
    {
        var payload = new JsonObject { ["firm_codes"] = new JsonArray([.. firmCodes.Select(c => (JsonNode?)JsonValue.Create(c))]) };
        if (symbol is not null)
        {
            payload["symbol"] = symbol;
        }

        if (quantity is not null)
        {
            payload["quantity"] = JsonValue.Create(quantity);
        }

        return payload;
    }

    /// <summary>A market entry.</summary>
    public static ExecutionTask Entry(string id, string firmCode, string symbol, string side, decimal quantity)
    {
        JsonObject payload = Payload([firmCode], symbol, quantity);
        payload["side"] = side;
        payload["order_type"] = "MARKET";
        payload["stop_loss"] = side == "BUY" ? 1m : 1_000_000m; // Apex requires a stop on every entry; far away, it sizes nothing here
        return Event(id, "ENTRY", payload);
    }

    /// <summary>A market entry sized from risk (no quantity): risk_percent, entry_price and stop_loss.</summary>
    public static ExecutionTask RiskEntry(string id, string[] firmCodes, string symbol, decimal riskPercent, decimal entry, decimal stop, Action<JsonObject>? change = null)
    {
        JsonObject payload = Payload(firmCodes, symbol);
        payload["side"] = entry > stop ? "BUY" : "SELL";
        payload["order_type"] = "MARKET";
        payload["risk_percent"] = riskPercent;
        payload["entry_price"] = entry;
        payload["stop_loss"] = stop;
        change?.Invoke(payload);
        return Event(id, "ENTRY", payload);
    }
}
