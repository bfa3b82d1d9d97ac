using System.Globalization;
using System.Text;
using PropConnectors.Results;
using PropConnectors.Routing;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>The execution task of CONTRACT §1 (every payload field filled), aimed at chosen firms.</summary>
internal static class BenchmarkTasks
{
    public static string Json(string id, IEnumerable<string> firmCodes)
    {
        string codes = string.Join(", ", firmCodes.Select(c => "\"" + c + "\""));
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "id": "{{id}}",
              "trade_id": "T-2025-11-22-001",
              "event_type": "ENTRY",
              "payload": {
                "symbol": "{{SdkHost.Symbol}}",
                "side": "BUY",
                "quantity": 1,
                "order_type": "MARKET",
                "entry_price": 4156.25,
                "stop_loss": 4150.00,
                "session": "NY AM",
                "bias": "Bullish",
                "risk_percent": 0.01,
                "program_ids": [1, 5],
                "firm_codes": [{{codes}}]
              }
            }
            """);
    }

    /// <summary>The same entry with no quantity: sized from the account's balance (CONTRACT §14), so it reads the account first.</summary>
    public static string SizedJson(string id, IEnumerable<string> firmCodes) =>
        Json(id, firmCodes).Replace("\"quantity\": 1,", "\"quantity\": \"auto\",", StringComparison.Ordinal);

    public static byte[] Utf8(string id, IEnumerable<string> firmCodes) => Encoding.UTF8.GetBytes(Json(id, firmCodes));

    public static ExecutionTask Parse(string id, IEnumerable<string> firmCodes) => ExecutionJson.Parse(Json(id, firmCodes));

    /// <summary>Throws unless every firm of <paramref name="result"/> answered <paramref name="expected"/>: a benchmark must never time a failure path.</summary>
    public static void Expect(ExecutionResult result, int firms, ConnectorStatus expected)
    {
        if (result.ConnectorResults.Count != firms)
        {
            throw new InvalidOperationException($"Expected {firms} connector results, got {result.ConnectorResults.Count}: {result.Details}");
        }

        foreach (ConnectorResult r in result.ConnectorResults)
        {
            if (r.Status != expected)
            {
                throw new InvalidOperationException($"Expected {expected} from every firm, got {r.Status} from {r.FirmCode} ({r.ErrorCode}: {r.ErrorMessage})");
            }
        }
    }
}
