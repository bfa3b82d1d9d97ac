using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropConnectors.Routing.Serialization;

/// <summary>
/// Reads and writes <see cref="ExecutionTask"/> (CONTRACT §1) without reflection: <c>id</c> and
/// <c>trade_id</c> may be strings or numbers, <c>payload</c> is kept as it came, unknown properties are
/// ignored, and an absent <c>payload</c> stays absent. A property the task defines that appears twice, text
/// that is not valid Unicode, and an identity longer than its bound are refused (<see cref="JsonException"/>).
/// </summary>
internal sealed class ExecutionTaskJsonConverter : JsonConverter<ExecutionTask>
{
    /// <summary>The longest <c>id</c> and <c>trade_id</c>, in characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest <c>event_type</c>, in characters.</summary>
    public const int MaxEventTypeLength = 32;

    public override ExecutionTask Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadTask(ref reader);

    /// <summary>Reads a task whose first token (<paramref name="reader"/>'s current one) is its opening brace.</summary>
    public static ExecutionTask ReadTask(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An execution task must be a JSON object, not {Describe(reader.TokenType)}.");
        }

        string? id = null;
        string? tradeId = null;
        string? eventType = null;
        JsonElement payload = default;
        int seen = 0; // one bit per property the task defines

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                if (id is null)
                {
                    throw new JsonException("The execution task has no id (a non-empty string or a number).");
                }

                return new ExecutionTask { Id = id, TradeId = tradeId, EventType = eventType, Payload = payload };
            }

            int property = reader.ValueTextEquals("id"u8) ? 1
                : reader.ValueTextEquals("trade_id"u8) ? 2
                : reader.ValueTextEquals("event_type"u8) ? 4
                : reader.ValueTextEquals("payload"u8) ? 8
                : 0;
            if ((seen & property) != 0)
            {
                throw new JsonException($"The execution task's {Name(property)} appears twice; give it once.");
            }

            seen |= property;
            reader.Read();
            switch (property)
            {
                case 1:
                    id = ReadIdentity(ref reader, "id") ?? throw new JsonException("The execution task's id is null or empty; it must be a non-empty string or a number.");
                    break;
                case 2:
                    tradeId = ReadIdentity(ref reader, "trade_id");
                    break;
                case 4:
                    eventType = ReadEventType(ref reader);
                    break;
                case 8:
                    payload = JsonElement.ParseValue(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        throw new JsonException("The execution task's JSON ends before its closing brace.");
    }

    private static string? ReadEventType(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => ReadText(ref reader, "event_type", MaxEventTypeLength),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"The execution task's event_type must be a string, not {Describe(reader.TokenType)}."),
    };

    public override void Write(Utf8JsonWriter writer, ExecutionTask value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("id"u8, value.Id);
        if (value.TradeId is not null)
        {
            writer.WriteString("trade_id"u8, value.TradeId);
        }

        if (value.EventType is not null)
        {
            writer.WriteString("event_type"u8, value.EventType);
        }

        if (value.Payload.ValueKind != JsonValueKind.Undefined)
        {
            writer.WritePropertyName("payload"u8);
            value.Payload.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static string? ReadIdentity(ref Utf8JsonReader reader, string name)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                string text = ReadText(ref reader, name, MaxIdLength);
                return string.IsNullOrWhiteSpace(text) ? null : text;
            case JsonTokenType.Number:
                if (ValueLength(ref reader) > MaxIdLength)
                {
                    throw new JsonException($"The execution task's {name} is longer than {MaxIdLength} characters.");
                }

                return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"The execution task's {name} must be a string or a number, not {Describe(reader.TokenType)}.");
        }
    }

    // The one place the task's own text is decoded: bounded first on its encoded length, so a huge value is not decoded.
    private static string ReadText(ref Utf8JsonReader reader, string name, int maxLength)
    {
        string tooLong = $"The execution task's {name} is longer than {maxLength} characters.";
        if (ValueLength(ref reader) > maxLength * 6)
        {
            throw new JsonException(tooLong); // \uXXXX is the longest encoding of one character
        }

        string text;
        try
        {
            text = reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            throw new JsonException($"The execution task's {name} is not valid Unicode text.");
        }

        return text.Length <= maxLength ? text : throw new JsonException(tooLong);
    }

    private static long ValueLength(ref Utf8JsonReader reader) => reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;

    private static string Name(int property) => property switch
    {
        1 => "id",
        2 => "trade_id",
        4 => "event_type",
        _ => "payload",
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.Number => "a number",
        JsonTokenType.String => "a string",
        _ => token.ToString(),
    };
}
