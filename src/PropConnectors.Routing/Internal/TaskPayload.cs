using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PropConnectors.Routing.Internal;

/// <summary>
/// One read of a task payload (CONTRACT §1): the order fields normalized, the routing fields, and every
/// problem found, each naming its field. Reading never throws. The router reads a payload once per task
/// and builds each firm's order from it.
/// </summary>
internal sealed class TaskPayload
{
    private const int MaxEcho = 40;

    private TaskPayload()
    {
    }

    public string? Symbol { get; private set; }

    public OrderSide? Side { get; private set; }

    public decimal? Quantity { get; private set; }

    public OrderType OrderType { get; private set; } = OrderType.Market;

    public decimal? EntryPrice { get; private set; }

    public decimal? StopLoss { get; private set; }

    public string? Session { get; private set; }

    public string? Bias { get; private set; }

    public decimal? RiskPercent { get; private set; }

    public IReadOnlyList<long>? ProgramIds { get; private set; }

    /// <summary>The firm codes asked for, trimmed, upper case, without duplicates; <see langword="null"/>: every enabled firm.</summary>
    public IReadOnlyList<string>? FirmCodes { get; private set; }

    /// <summary>Why <c>firm_codes</c> cannot be read, or <see langword="null"/>. The task then goes to no firm at all.</summary>
    public string? FirmCodesError { get; private set; }

    /// <summary>Every problem of the order fields, joined by <c>; </c>, or <see langword="null"/> when the order is valid.</summary>
    public string? OrderError { get; private set; }

    public static TaskPayload Read(JsonElement payload)
    {
        var result = new TaskPayload();
        if (payload.ValueKind != JsonValueKind.Object)
        {
            result.OrderError = payload.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                ? "payload is missing."
                : "payload must be a JSON object.";
            return result;
        }

        string? error = null;
        string? side = null;
        string? direction = null;
        string? orderType = null;

        foreach (JsonProperty property in payload.EnumerateObject())
        {
            JsonElement value = property.Value;
            switch (Identify(property))
            {
                case Field.Symbol:
                    result.Symbol = ReadString(value, "symbol", ref error);
                    break;
                case Field.Side:
                    side = ReadString(value, "side", ref error, usualWords: true);
                    break;
                case Field.Quantity:
                    result.Quantity = ReadDecimal(value, "quantity", ref error);
                    break;
                case Field.OrderType:
                    orderType = ReadString(value, "order_type", ref error, usualWords: true);
                    break;
                case Field.EntryPrice:
                    result.EntryPrice = ReadDecimal(value, "entry_price", ref error);
                    break;
                case Field.StopLoss:
                    result.StopLoss = ReadDecimal(value, "stop_loss", ref error);
                    break;
                case Field.FirmCodes:
                    ReadFirmCodes(value, result);
                    break;
                case Field.ProgramIds:
                    result.ProgramIds = ReadProgramIds(value, ref error);
                    break;
                case Field.Session:
                    result.Session = ReadString(value, "session", ref error);
                    break;
                case Field.Bias:
                    result.Bias = ReadString(value, "bias", ref error, usualWords: true);
                    break;
                case Field.RiskPercent:
                    result.RiskPercent = ReadDecimal(value, "risk_percent", ref error);
                    break;
                case Field.Direction:
                    direction = ReadString(value, "direction", ref error, usualWords: true);
                    break;
            }
        }

        if (result.Symbol is null && !HasError(error, "symbol"))
        {
            Add(ref error, "symbol is missing.");
        }

        result.Side = ResolveSide(side, direction, result.Bias, ref error);
        result.OrderType = ResolveOrderType(orderType, ref error);
        Check(result, ref error);
        result.OrderError = error;
        return result;
    }

    private enum Field
    {
        Other,
        Symbol,
        Side,
        Quantity,
        OrderType,
        EntryPrice,
        StopLoss,
        FirmCodes,
        ProgramIds,
        Session,
        Bias,
        RiskPercent,
        Direction,
    }

    // A property's name as written, compared once (by length, then bytes) rather than against every field in turn; a
    // name written with escapes is compared unescaped.
    private static Field Identify(JsonProperty property)
    {
        ReadOnlySpan<byte> name = JsonMarshal.GetRawUtf8PropertyName(property);
        if (name.Contains((byte)'\\'))
        {
            foreach ((Field field, byte[] utf8) in FieldNames)
            {
                if (property.NameEquals(utf8))
                {
                    return field;
                }
            }

            return Field.Other;
        }

        return name.Length switch
        {
            4 when name.SequenceEqual("side"u8) => Field.Side,
            4 when name.SequenceEqual("bias"u8) => Field.Bias,
            6 when name.SequenceEqual("symbol"u8) => Field.Symbol,
            7 when name.SequenceEqual("session"u8) => Field.Session,
            8 when name.SequenceEqual("quantity"u8) => Field.Quantity,
            9 when name.SequenceEqual("stop_loss"u8) => Field.StopLoss,
            9 when name.SequenceEqual("direction"u8) => Field.Direction,
            10 when name.SequenceEqual("order_type"u8) => Field.OrderType,
            10 when name.SequenceEqual("firm_codes"u8) => Field.FirmCodes,
            11 when name.SequenceEqual("entry_price"u8) => Field.EntryPrice,
            11 when name.SequenceEqual("program_ids"u8) => Field.ProgramIds,
            12 when name.SequenceEqual("risk_percent"u8) => Field.RiskPercent,
            _ => Field.Other,
        };
    }

    private static readonly (Field Field, byte[] Utf8)[] FieldNames =
    [
        (Field.Symbol, "symbol"u8.ToArray()),
        (Field.Side, "side"u8.ToArray()),
        (Field.Quantity, "quantity"u8.ToArray()),
        (Field.OrderType, "order_type"u8.ToArray()),
        (Field.EntryPrice, "entry_price"u8.ToArray()),
        (Field.StopLoss, "stop_loss"u8.ToArray()),
        (Field.FirmCodes, "firm_codes"u8.ToArray()),
        (Field.ProgramIds, "program_ids"u8.ToArray()),
        (Field.Session, "session"u8.ToArray()),
        (Field.Bias, "bias"u8.ToArray()),
        (Field.RiskPercent, "risk_percent"u8.ToArray()),
        (Field.Direction, "direction"u8.ToArray()),
    ];

    /// <summary>The order for one firm. Only meaningful when <see cref="OrderError"/> is <see langword="null"/>.</summary>
    public OrderRequest CreateOrder(string clientOrderId) => new()
    {
        ClientOrderId = clientOrderId,
        Symbol = Symbol ?? string.Empty,
        Side = Side ?? default,
        Quantity = Quantity ?? 0m,
        OrderType = OrderType,
        EntryPrice = EntryPrice,
        StopLoss = StopLoss,
        Session = Session,
        Bias = Bias,
        RiskPercent = RiskPercent,
        ProgramIds = ProgramIds,
    };

    private static void Check(TaskPayload payload, ref string? error)
    {
        if (payload.Quantity is { } quantity)
        {
            if (quantity <= 0)
            {
                Add(ref error, $"quantity must be greater than zero (got {quantity.ToString(CultureInfo.InvariantCulture)}).");
            }
        }
        else if (!HasError(error, "quantity"))
        {
            Add(ref error, "quantity is missing.");
        }

        if (payload.OrderType != OrderType.Market && payload.EntryPrice is null && !HasError(error, "entry_price"))
        {
            Add(ref error, payload.OrderType == OrderType.Limit
                ? "entry_price is required for a LIMIT order."
                : "entry_price (the stop trigger) is required for a STOP order.");
        }

        if (payload.EntryPrice is <= 0)
        {
            Add(ref error, "entry_price must be greater than zero.");
        }

        if (payload.StopLoss is <= 0)
        {
            Add(ref error, "stop_loss must be greater than zero.");
        }

        if (payload.RiskPercent is < 0)
        {
            Add(ref error, "risk_percent must not be negative.");
        }
    }

    private static OrderSide? ResolveSide(string? side, string? direction, string? bias, ref string? error)
    {
        OrderSide? fromSide = ParseSide(side, "side", ref error);
        OrderSide? fromDirection = ParseSide(direction, "direction", ref error);

        if (fromSide is { } s && fromDirection is { } d && s != d)
        {
            Add(ref error, $"side ({Echo(side)}) and direction ({Echo(direction)}) disagree.");
            return null;
        }

        if ((fromSide ?? fromDirection) is { } resolved)
        {
            return resolved;
        }

        if (side is not null || direction is not null)
        {
            return null; // an unrecognised side was already reported
        }

        if (HasError(error, "side") || HasError(error, "direction"))
        {
            return null;
        }

        if (bias is not null)
        {
            if (bias.Equals("Bullish", StringComparison.OrdinalIgnoreCase))
            {
                return OrderSide.Buy;
            }

            if (bias.Equals("Bearish", StringComparison.OrdinalIgnoreCase))
            {
                return OrderSide.Sell;
            }
        }

        Add(ref error, bias is null
            ? "side is missing: give side or direction (BUY, SELL, LONG or SHORT), or a Bullish/Bearish bias."
            : $"side is missing and bias '{Echo(bias)}' is neither Bullish nor Bearish: give side or direction (BUY, SELL, LONG or SHORT).");
        return null;
    }

    private static OrderSide? ParseSide(string? value, string field, ref string? error)
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

        Add(ref error, $"{field} '{Echo(value)}' is not BUY, SELL, LONG or SHORT.");
        return null;
    }

    private static OrderType ResolveOrderType(string? value, ref string? error)
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

        Add(ref error, $"order_type '{Echo(value)}' is not MARKET, LIMIT or STOP.");
        return OrderType.Market;
    }

    private static string? ReadString(JsonElement value, string field, ref string? error, bool usualWords = false)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (usualWords && Known(value) is { } known)
                {
                    return known;
                }

                string text = value.GetString()!;
                return string.IsNullOrWhiteSpace(text) ? null : Trim(text);
            case JsonValueKind.Null:
                return null;
            default:
                Add(ref error, $"{field} must be a string.");
                return null;
        }
    }

    // The words most payloads use come back as the same strings every time rather than a new string per task
    // (compared as UTF-8, as written, by length then bytes, with no transcoding, and only for the fields that hold such
    // words). A value written with escapes is compared unescaped.
    private static string? Known(JsonElement value)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value); // the string token as written, quotes included
        ReadOnlySpan<byte> text = raw.Length >= 2 ? raw[1..^1] : default;
        if (text.Contains((byte)'\\'))
        {
            foreach (string word in KnownWords)
            {
                if (value.ValueEquals(word))
                {
                    return word;
                }
            }

            return null;
        }

        return text.Length switch
        {
            3 when text.SequenceEqual("BUY"u8) => "BUY",
            4 when text.SequenceEqual("SELL"u8) => "SELL",
            4 when text.SequenceEqual("STOP"u8) => "STOP",
            4 when text.SequenceEqual("LONG"u8) => "LONG",
            5 when text.SequenceEqual("LIMIT"u8) => "LIMIT",
            5 when text.SequenceEqual("SHORT"u8) => "SHORT",
            6 when text.SequenceEqual("MARKET"u8) => "MARKET",
            7 when text.SequenceEqual("Bullish"u8) => "Bullish",
            7 when text.SequenceEqual("Bearish"u8) => "Bearish",
            _ => null,
        };
    }

    private static readonly string[] KnownWords = ["BUY", "SELL", "STOP", "LONG", "LIMIT", "SHORT", "MARKET", "Bullish", "Bearish"];

    private static decimal? ReadDecimal(JsonElement value, string field, ref string? error)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetDecimal(out decimal number))
                {
                    return number;
                }

                Add(ref error, $"{field} is out of range.");
                return null;
            case JsonValueKind.String:
                string text = value.GetString()!;
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed))
                {
                    return parsed;
                }

                Add(ref error, $"{field} must be a finite number (got '{Echo(text)}').");
                return null;
            case JsonValueKind.Null:
                return null;
            default:
                Add(ref error, $"{field} must be a number.");
                return null;
        }
    }

    private static long[]? ReadProgramIds(JsonElement value, ref string? error)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number or JsonValueKind.String:
                if (TryReadId(value, out long single, out bool blank))
                {
                    return [single];
                }

                if (blank)
                {
                    return null;
                }

                break;
            case JsonValueKind.Array:
                int count = value.GetArrayLength();
                if (count == 0)
                {
                    return null;
                }

                var ids = new long[count];
                int i = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (!TryReadId(item, out ids[i++], out _))
                    {
                        Add(ref error, "program_ids must be an array of whole numbers.");
                        return null;
                    }
                }

                return ids;
        }

        Add(ref error, "program_ids must be an array of whole numbers.");
        return null;
    }

    private static bool TryReadId(JsonElement value, out long id, out bool blank)
    {
        blank = false;
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out id);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            string text = value.GetString()!;
            blank = string.IsNullOrWhiteSpace(text);
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out id);
        }

        id = 0;
        return false;
    }

    private static void ReadFirmCodes(JsonElement value, TaskPayload result)
    {
        result.FirmCodes = null;
        result.FirmCodesError = null;
        List<string>? codes = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return;
            case JsonValueKind.String:
                // A webhook sender may send one code, or a comma-separated list, as a string.
                foreach (string part in value.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    AddCode(ref codes, part);
                }

                break;
            case JsonValueKind.Array when value.GetArrayLength() == 1 && value[0].ValueKind == JsonValueKind.String:
                // The usual task names one firm: no list for it.
                result.FirmCodes = NormalizeCode(value[0].GetString()!) is { } single ? [single] : null;
                return;
            case JsonValueKind.Array:
                codes = new List<string>(value.GetArrayLength());
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        AddCode(ref codes, item.GetString()!);
                    }
                    else if (item.ValueKind != JsonValueKind.Null)
                    {
                        result.FirmCodesError = "firm_codes must be an array of firm code strings (for example [\"FTMO\", \"APEX\"]).";
                        return;
                    }
                }

                break;
            default:
                result.FirmCodesError = "firm_codes must be an array of firm code strings (for example [\"FTMO\", \"APEX\"]).";
                return;
        }

        result.FirmCodes = codes is { Count: > 0 } ? codes : null;
    }

    private static string? NormalizeCode(string code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        string normalized = Upper(Trim(code));
        return normalized.Length > 64 ? normalized[..64] : normalized;
    }

    private static void AddCode(ref List<string>? codes, string code)
    {
        if (NormalizeCode(code) is not { } normalized)
        {
            return;
        }

        codes ??= new List<string>(4);
        foreach (string existing in codes)
        {
            if (string.Equals(existing, normalized, StringComparison.Ordinal))
            {
                return;
            }
        }

        codes.Add(normalized);
    }

    private static string Trim(string value) =>
        value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) ? value.Trim() : value;

    private static string Upper(string value)
    {
        foreach (char c in value)
        {
            if (char.IsLower(c))
            {
                return value.ToUpperInvariant();
            }
        }

        return value;
    }

    private static string Echo(string? value) =>
        value is null ? string.Empty : value.Length <= MaxEcho ? value : value[..MaxEcho] + "...";

    private static bool HasError(string? error, string field) =>
        error is not null && (error.StartsWith(field + " ", StringComparison.Ordinal) || error.Contains(". " + field + " ", StringComparison.Ordinal));

    private static void Add(ref string? error, string message) =>
        error = error is null ? message : error + " " + message;
}
