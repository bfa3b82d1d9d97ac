using System.Text.Json.Nodes;
using PropConnectors.Routing;

namespace PropConnectors.EndToEnd.Tests.Support;

/// <summary>Execution tasks (CONTRACT §1) as a host hands them to the router: JSON parsed by <see cref="ExecutionJson"/>.</summary>
internal static class Tasks
{
    /// <summary>The contract's example payload (§1), for the given firms.</summary>
    public static JsonObject ContractPayload(params string[] firmCodes)
    {
        var payload = new JsonObject
        {
            ["symbol"] = "NQ",
            ["side"] = "BUY",
            ["quantity"] = 1,
            ["order_type"] = "MARKET",
            ["entry_price"] = 4156.25m,
            ["stop_loss"] = 4150.00m,
            ["session"] = "NY AM",
            ["bias"] = "Bullish",
            ["risk_percent"] = 0.01m,
            ["program_ids"] = new JsonArray(1, 5),
        };
        if (firmCodes.Length > 0)
        {
            payload["firm_codes"] = new JsonArray([.. firmCodes.Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        return payload;
    }

    /// <summary>A task with the contract's example payload, changed by <paramref name="change"/>.</summary>
    public static ExecutionTask Create(string id, string[] firmCodes, Action<JsonObject>? change = null)
    {
        JsonObject payload = ContractPayload(firmCodes);
        change?.Invoke(payload);
        var task = new JsonObject
        {
            ["id"] = id,
            ["trade_id"] = "T-" + id,
            ["event_type"] = "ENTRY",
            ["payload"] = payload,
        };
        return ExecutionJson.Parse(task.ToJsonString());
    }

    /// <summary>A task id no other test uses.</summary>
    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];
}
