using System.Globalization;
using System.Text.Json;
using PropConnectors.Orders;

namespace PropConnectors.Routing.Payload;

/// <summary>
/// Reads the fields of a payload object, each under its name or one of its aliases, collecting every problem as an
/// <see cref="OrderError"/> that names the field. The one place a payload's text is decoded: a string that is not valid
/// UTF-8 is a problem of its field, never an exception. Echoes of what the sender wrote are bounded.
/// </summary>
internal sealed class PayloadFields
{
    private const int MaxEcho = 40;

    /// <summary>The most entries a list field (<c>program_ids</c>, <c>firm_codes</c>) may have.</summary>
    public const int MaxListLength = 100;

    /// <summary>The fields the SDK reads; every other property of a payload is ignored.</summary>
    private static readonly string[] Known =
        ["symbol", "side", "direction", "quantity", "order_type", "entry_price", "stop_loss", "session", "bias", "risk_percent", "program_ids", "firm_codes"];

    private static readonly byte[][] KnownUtf8 = [.. Known.Select(System.Text.Encoding.UTF8.GetBytes)];

    private readonly JsonElement[] _values = new JsonElement[Known.Length];
    private readonly int[] _counts = new int[Known.Length];

    /// <summary>Reads the payload's properties once, noting each known field and how often it is written.</summary>
    public PayloadFields(JsonElement payload)
    {
        foreach (JsonProperty property in payload.EnumerateObject())
        {
            for (int i = 0; i < KnownUtf8.Length; i++)
            {
                if (property.NameEquals(KnownUtf8[i]))
                {
                    _values[i] = property.Value;
                    _counts[i]++;
                    break;
                }
            }
        }
    }

    /// <summary>The problems found so far.</summary>
    public List<OrderError> Errors { get; } = [];

    private HashSet<string>? _reported;

    /// <summary>The fields that have a problem already (not reported again as missing); <see langword="null"/> for none.</summary>
    public IReadOnlyCollection<string>? Reported => _reported;

    /// <summary>Whether a problem of <paramref name="name"/> was reported.</summary>
    public bool HasReported(string name) => _reported?.Contains(name) == true;

    /// <summary>Marks a field as reported without a message of its own (a problem elsewhere explains it).</summary>
    public void MarkReported(string name) => (_reported ??= new(StringComparer.Ordinal)).Add(name);

    public void Add(string field, string message)
    {
        Errors.Add(new OrderError(field, message));
        MarkReported(field);
    }

    /// <summary>
    /// The value of a field, or <see langword="null"/> when absent or JSON <c>null</c>. A field written twice is a conflict
    /// (which one did the sender mean?): it is reported and read as absent.
    /// </summary>
    public JsonElement? Get(string name)
    {
        int i = Array.IndexOf(Known, name);
        if (_counts[i] > 1)
        {
            Add(name, $"{name} is given {_counts[i]} times; give it once.");
            return null;
        }

        return _counts[i] == 0 || _values[i].ValueKind == JsonValueKind.Null ? null : _values[i];
    }

    /// <summary>A string field, trimmed; blank counts as absent.</summary>
    public string? String(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(name, $"{name} must be a string.");
            return null;
        }

        if (Text(name, value) is not { } text)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>Whether a field is the string <paramref name="word"/> (any case, trimmed), for example <c>"quantity": "auto"</c>.</summary>
    public bool IsWord(string name, string word)
    {
        int i = Array.IndexOf(Known, name);
        return _counts[i] == 1 && _values[i].ValueKind == JsonValueKind.String && string.Equals(Text(name, _values[i])?.Trim(), word, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A number field: a JSON number or a numeric string in invariant culture (<c>"1.5"</c>, not <c>"1,5"</c>).</summary>
    public decimal? Decimal(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetDecimal(out decimal number))
                {
                    return number;
                }

                Add(name, $"{name} is out of range.");
                return null;
            case JsonValueKind.String:
                string? text = Text(name, value);
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed))
                {
                    return parsed;
                }

                Add(name, $"{name} must be a finite number (got '{Echo(text)}').");
                return null;
            default:
                Add(name, $"{name} must be a number.");
                return null;
        }
    }

    /// <summary>Whole numbers: an array of them, or one as a number or numeric string; empty or blank counts as absent.</summary>
    public long[]? WholeNumbers(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            if (value.GetArrayLength() == 0)
            {
                return null;
            }

            if (value.GetArrayLength() > MaxListLength)
            {
                Add(name, $"{name} has more than {MaxListLength} entries.");
                return null;
            }

            var ids = new List<long>(value.GetArrayLength());
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (WholeNumber(name, item) is not { } id)
                {
                    Add(name, $"{name} must be an array of whole numbers.");
                    return null;
                }

                ids.Add(id);
            }

            return [.. ids];
        }

        if (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(Text(name, value)))
        {
            return null;
        }

        if (WholeNumber(name, value) is { } single)
        {
            return [single];
        }

        Add(name, $"{name} must be an array of whole numbers.");
        return null;
    }

    /// <summary>A bounded excerpt of what the sender wrote, for messages.</summary>
    public static string Echo(string value) => value.Length <= MaxEcho ? value : value[..MaxEcho] + "...";

    /// <summary>The decoded text of a JSON string, or <see langword="null"/> (reported) when its bytes are not valid UTF-8.</summary>
    public string? Text(string name, JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            Add(name, $"{name} is not valid UTF-8 text.");
            return null;
        }
    }

    private long? WholeNumber(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out long id) => id,
        JsonValueKind.String when Text(name, value) is { } text
            && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id) => id,
        _ => null,
    };
}
