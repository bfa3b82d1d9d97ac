using System.Text.Json;
using PropConnectors.Orders;
using PropConnectors.Routing.Events;

namespace PropConnectors.Routing.Payload;

/// <summary>
/// Reads a task payload (CONTRACT §1) into a <see cref="TaskPayload"/>. Never throws: every problem names its field, and
/// the order's rules are checked by <see cref="OrderRules"/>, as the connector checks them.
/// </summary>
/// <remarks>
/// <c>side</c> accepts <c>BUY</c>/<c>SELL</c>/<c>LONG</c>/<c>SHORT</c> in any case, also under <c>direction</c> (both given:
/// they must agree); with neither, <c>bias</c> <c>Bullish</c> means BUY and <c>Bearish</c> SELL. <c>order_type</c> defaults
/// to <c>MARKET</c>. Numbers may be JSON numbers or numeric strings. Unknown fields are ignored.
/// </remarks>
internal static class PayloadReader
{
    public static TaskPayload Read(JsonElement payload) => Read(payload, TaskEvent.Entry);

    /// <summary>Reads a payload for what the task does: an entry needs an order; an exit a symbol; a flatten or cancel nothing.</summary>
    public static TaskPayload Read(JsonElement payload, TaskEvent taskEvent)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            string message = payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "payload is missing." : "payload must be a JSON object.";
            bool needed = taskEvent is TaskEvent.Entry or TaskEvent.Exit || payload.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
            return new TaskPayload { Order = default, Event = taskEvent, Errors = needed ? [new OrderError("payload", message)] : [] };
        }

        var fields = new PayloadFields(payload);
        return taskEvent == TaskEvent.Entry ? ReadEntry(fields) : ReadClose(fields, taskEvent);
    }

    private static TaskPayload ReadEntry(PayloadFields fields)
    {
        string? symbol = fields.String("symbol");
        string? side = fields.String("side");
        string? direction = fields.String("direction");
        bool auto = fields.IsWord("quantity", "auto");
        decimal? quantity = auto ? null : fields.Decimal("quantity");
        string? orderType = fields.String("order_type");
        decimal? entryPrice = fields.Decimal("entry_price");
        decimal? stopLoss = fields.Decimal("stop_loss");
        string? session = fields.String("session");
        string? bias = fields.String("bias");
        decimal? riskPercent = fields.Decimal("risk_percent");
        long[]? programIds = fields.WholeNumbers("program_ids");
        (IReadOnlyList<string>? firmCodes, string? firmCodesError) = FirmCodeList.Read(fields);

        var order = new OrderFields
        {
            Symbol = symbol,
            Side = ResolveSide(fields, side, direction, bias),
            Quantity = quantity,
            OrderType = ResolveOrderType(fields, orderType),
            EntryPrice = entryPrice,
            StopLoss = stopLoss,
            RiskPercent = riskPercent,
            Session = session,
            Bias = bias,
        };

        // No quantity (or "auto") with a risk_percent: the SDK sizes the order per account (CONTRACT §14).
        bool sized = quantity is null && !fields.HasReported("quantity") && (auto || riskPercent is not null);
        if (sized)
        {
            fields.MarkReported("quantity");
        }

        OrderRules.Check(order, fields.Errors, fields.Reported);
        if (sized)
        {
            OrderRules.CheckSizing(order, fields.Errors);
        }

        return new TaskPayload
        {
            Order = order,
            Event = TaskEvent.Entry,
            SizeFromRisk = sized,
            ProgramIds = programIds,
            FirmCodes = firmCodes,
            FirmCodesError = firmCodesError,
            Errors = fields.Errors,
        };
    }

    // An exit, flatten or cancel needs no side, quantity or price (CONTRACT §10): only what it reads is read.
    private static TaskPayload ReadClose(PayloadFields fields, TaskEvent taskEvent)
    {
        var order = new OrderFields { Symbol = fields.String("symbol"), Quantity = taskEvent == TaskEvent.Exit ? fields.Decimal("quantity") : null };
        long[]? programIds = fields.WholeNumbers("program_ids");
        (IReadOnlyList<string>? firmCodes, string? firmCodesError) = FirmCodeList.Read(fields);
        if (taskEvent != TaskEvent.Unknown)
        {
            OrderRules.CheckClose(order, fields.Errors, symbolRequired: taskEvent == TaskEvent.Exit, fields.Reported);
        }

        return new TaskPayload
        {
            Order = order,
            Event = taskEvent,
            ProgramIds = programIds,
            FirmCodes = firmCodes,
            FirmCodesError = firmCodesError,
            Errors = fields.Errors,
        };
    }

    private static OrderSide? ResolveSide(PayloadFields fields, string? side, string? direction, string? bias)
    {
        OrderSide? fromSide = ParseSide(fields, "side", side);
        OrderSide? fromDirection = ParseSide(fields, "direction", direction);
        if (fromSide is { } s && fromDirection is { } d && s != d)
        {
            fields.Add("side", $"side ({PayloadFields.Echo(side!)}) and direction ({PayloadFields.Echo(direction!)}) disagree.");
            return null;
        }

        if ((fromSide ?? fromDirection) is { } resolved)
        {
            return resolved;
        }

        if (side is not null || direction is not null || fields.HasReported("side") || fields.HasReported("direction"))
        {
            fields.MarkReported("side"); // an unreadable side was reported already
            return null;
        }

        if (string.Equals(bias, "Bullish", StringComparison.OrdinalIgnoreCase))
        {
            return OrderSide.Buy;
        }

        if (string.Equals(bias, "Bearish", StringComparison.OrdinalIgnoreCase))
        {
            return OrderSide.Sell;
        }

        if (bias is not null)
        {
            fields.Add("side", $"side is missing and bias '{PayloadFields.Echo(bias)}' is neither Bullish nor Bearish: give side or direction (BUY, SELL, LONG or SHORT).");
        }

        return null; // OrderRules reports a missing side
    }

    private static OrderSide? ParseSide(PayloadFields fields, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Equals("BUY", StringComparison.OrdinalIgnoreCase) || value.Equals("LONG", StringComparison.OrdinalIgnoreCase))
        {
            return OrderSide.Buy;
        }

        if (value.Equals("SELL", StringComparison.OrdinalIgnoreCase) || value.Equals("SHORT", StringComparison.OrdinalIgnoreCase))
        {
            return OrderSide.Sell;
        }

        fields.Add(field, $"{field} '{PayloadFields.Echo(value)}' is not BUY, SELL, LONG or SHORT.");
        return null;
    }

    private static OrderType ResolveOrderType(PayloadFields fields, string? value)
    {
        if (value is null || value.Equals("MARKET", StringComparison.OrdinalIgnoreCase))
        {
            return OrderType.Market;
        }

        if (value.Equals("LIMIT", StringComparison.OrdinalIgnoreCase))
        {
            return OrderType.Limit;
        }

        if (value.Equals("STOP", StringComparison.OrdinalIgnoreCase))
        {
            return OrderType.Stop;
        }

        fields.Add("order_type", $"order_type '{PayloadFields.Echo(value)}' is not MARKET, LIMIT or STOP.");
        fields.MarkReported("entry_price"); // the price rule depends on a type that is not known
        return OrderType.Market;
    }
}
