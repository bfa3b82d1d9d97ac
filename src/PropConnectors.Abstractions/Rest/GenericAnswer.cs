using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace PropConnectors.Rest;

/// <summary>
/// The fields of the generic contract's answers (<c>order_id</c>, <c>status</c>, <c>error</c>, <c>message</c> at the top
/// level of an object), read with one pass of <see cref="Utf8JsonReader"/> over the answer's bytes. Reads exactly what
/// <see cref="FirmHttp.ReadGenericOrder"/> and <see cref="FirmHttp.ReadGenericError"/> read from a parsed document (a
/// non-empty string, or a number as its text; a repeated name: the last one), and validates the whole answer as
/// <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> would.
/// </summary>
internal struct GenericAnswer
{
    public string? OrderId;
    public string? Status;
    public string? Error;
    public string? Message;

    /// <summary>Reads <paramref name="utf8"/>; <see langword="false"/> when it is not one complete JSON value.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, out GenericAnswer fields)
    {
        fields = default;
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    ref string? field = ref Field(ref fields, ref reader, out bool known);
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (known && Unsafe.AreSame(ref field, ref fields.Status) && reader.TokenType == JsonTokenType.String && KnownStatus(ref reader) is { } status)
                    {
                        field = status;
                    }
                    else if (known)
                    {
                        field = reader.TokenType switch
                        {
                            JsonTokenType.String when reader.GetString() is { Length: > 0 } s => s,
                            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                            _ => null,
                        };
                    }

                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                reader.Skip();
            }

            // A span reader never has value sequences. One value and nothing after it (whitespace aside), as a document parser requires.
            return !reader.Read();
        }
        catch (JsonException)
        {
            fields = default;
            return false;
        }
    }

    // The usual order statuses come back as the same strings every time: no string is allocated for them.
    private static readonly string[] Statuses = ["FILLED", "ACCEPTED", "PENDING", "NEW", "OPEN", "WORKING", "PARTIALLY_FILLED", "CANCELLED", "CANCELED", "REJECTED", "EXPIRED"];

    private static string? KnownStatus(ref Utf8JsonReader reader)
    {
        foreach (string status in Statuses)
        {
            if (reader.ValueTextEquals(status))
            {
                return status;
            }
        }

        return null;
    }

    private static ref string? Field(ref GenericAnswer fields, ref Utf8JsonReader reader, out bool known)
    {
        known = true;
        if (reader.ValueTextEquals("order_id"u8))
        {
            return ref fields.OrderId;
        }

        if (reader.ValueTextEquals("status"u8))
        {
            return ref fields.Status;
        }

        if (reader.ValueTextEquals("error"u8))
        {
            return ref fields.Error;
        }

        if (reader.ValueTextEquals("message"u8))
        {
            return ref fields.Message;
        }

        known = false;
        return ref fields.Message; // not written: known is false
    }
}
