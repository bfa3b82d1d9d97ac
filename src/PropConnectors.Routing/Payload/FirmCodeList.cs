using System.Text.Json;

namespace PropConnectors.Routing.Payload;

/// <summary>
/// Reads <c>firm_codes</c>: absent, <c>null</c> or an empty list means every enabled firm; a list of codes (or one
/// comma-separated string) names firms, case-insensitively, duplicates counted once. A list that names nothing
/// (<c>[null]</c>, <c>[""]</c>, <c>["  "]</c>, <c>""</c>) or anything else (<c>42</c>, <c>{}</c>) is refused: a malformed list must never
/// widen to every firm.
/// </summary>
internal static class FirmCodeList
{
    /// <summary>The longest firm code accepted in a task.</summary>
    public const int MaxCodeLength = 64;

    private const string Shape = "firm_codes must be a list of firm code strings (for example [\"FTMO\", \"APEX\"]).";

    public static (IReadOnlyList<string>? Codes, string? Error) Read(PayloadFields fields)
    {
        if (fields.Get("firm_codes") is not { } value)
        {
            return fields.HasReported("firm_codes") ? (null, "firm_codes is given more than once.") : (null, null);
        }

        var codes = new List<string>();
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (fields.Text("firm_codes", value) is not { } text)
                {
                    return (null, "firm_codes is not valid UTF-8 text.");
                }

                // A webhook sender may send one code, or a comma-separated list, as a string.
                foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Add(codes, part) is { } error)
                    {
                        return (null, error);
                    }
                }

                break;
            case JsonValueKind.Array:
                if (value.GetArrayLength() == 0)
                {
                    return (null, null);
                }

                if (value.GetArrayLength() > PayloadFields.MaxListLength)
                {
                    return (null, $"firm_codes has more than {PayloadFields.MaxListLength} entries.");
                }

                foreach (JsonElement item in value.EnumerateArray())
                {
                    string? code = item.ValueKind == JsonValueKind.String ? fields.Text("firm_codes", item) : null;
                    if (code is null)
                    {
                        return (null, item.ValueKind switch
                        {
                            JsonValueKind.String => "firm_codes is not valid UTF-8 text.",
                            JsonValueKind.Null => NamesNothing,
                            _ => Shape,
                        });
                    }

                    if (Add(codes, code) is { } error)
                    {
                        return (null, error);
                    }
                }

                break;
            default:
                return (null, Shape);
        }

        return codes.Count > 0 ? (codes, null) : (null, NamesNothing);
    }

    private const string NamesNothing = "firm_codes names no firm; name each firm (for example [\"FTMO\"]) or leave firm_codes out to reach every enabled firm.";

    private static string? Add(List<string> codes, string code)
    {
        string normalized = code.Trim().ToUpperInvariant();
        if (normalized.Length == 0)
        {
            return NamesNothing;
        }

        if (normalized.Length > MaxCodeLength)
        {
            return $"firm_codes has an entry longer than {MaxCodeLength} characters.";
        }

        if (!codes.Contains(normalized, StringComparer.Ordinal))
        {
            codes.Add(normalized);
        }

        return null;
    }
}
