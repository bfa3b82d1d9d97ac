using System.Globalization;
using System.Text;
using PropConnectors.Results;
using PropConnectors.Routing;

namespace PropConnectors.Sample;

/// <summary>Formats execution results as a fixed-width table, one row per task and account, with the sizing and actions under it.</summary>
internal static class ResultTable
{
    private static readonly CompositeFormat Row = CompositeFormat.Parse("  {0,-24} {1,-12} {2,-8} {3,-22} {4,-14} {5,6} {6,8} {7,8}");

    public static string Format(IReadOnlyList<ExecutionResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine(string.Format(CultureInfo.InvariantCulture, Row, "task", "firm", "status", "error code", "order id", "qty", "attempts", "time ms"));
        table.AppendLine("  " + new string('-', 110));
        foreach (ExecutionResult result in results)
        {
            if (result.ConnectorResults.Count == 0)
            {
                table.AppendLine(string.Format(CultureInfo.InvariantCulture, Row, Cut(result.TaskId, 24), "-", "-", "-", "-", "-", "-", "-"));
            }

            foreach (ConnectorResult firm in result.ConnectorResults)
            {
                AppendRow(table, result, firm);
            }

            table.AppendLine(CultureInfo.InvariantCulture, $"  {"",-24} routed: {(result.Routed ? "yes" : "no")} — {result.Details}");
        }

        return table.ToString().TrimEnd();
    }

    private static void AppendRow(StringBuilder table, ExecutionResult result, ConnectorResult firm)
    {
        table.AppendLine(string.Format(
            CultureInfo.InvariantCulture,
            Row,
            Cut(result.TaskId, 24),
            firm.Account is null ? firm.FirmCode : $"{firm.FirmCode}:{firm.Account}",
            firm.Status.ToString().ToUpperInvariant(),
            firm.ErrorCode ?? "-",
            Cut(firm.ExternalOrderId ?? "-", 14),
            Quantity(firm),
            firm.Attempts,
            firm.Duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)));
        if (firm.Sizing is { } sizing)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"  {"",-24} sized: {sizing.Explanation}");
        }

        foreach (ConnectorAction action in firm.Actions ?? [])
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"  {"",-24} {action.Kind.ToString().ToUpperInvariant()} {action.Symbol} {action.Quantity?.ToString(CultureInfo.InvariantCulture) ?? "-"}: {action.Status.ToString().ToUpperInvariant()} {action.ExternalOrderId}");
        }
    }

    // What was (or would be) sent: the sized quantity, else the quantity of the order body.
    private static string Quantity(ConnectorResult firm) =>
        firm.Sizing?.Quantity.ToString(CultureInfo.InvariantCulture)
        ?? (firm.RawRequest?.Body is { ValueKind: System.Text.Json.JsonValueKind.Object } body && body.TryGetProperty("quantity", out var quantity) ? quantity.GetRawText() : "-");

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
