using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropConnectors.Routing.Serialization;

/// <summary>
/// Reads and writes <see cref="ExecutionTask"/> (CONTRACT §1) without reflection: <c>id</c> and
/// <c>trade_id</c> may be strings or numbers, <c>payload</c> is kept as it came, unknown properties are
/// ignored, and an absent <c>payload</c> stays absent.
/// </summary>
internal sealed class ExecutionTaskJsonConverter : JsonConverter<ExecutionTask>
{
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

            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = ReadIdentity(ref reader, "id") ?? throw new JsonException("The execution task's id is null or empty; it must be a non-empty string or a number.");
            }
            else if (reader.ValueTextEquals("trade_id"u8))
            {
                reader.Read();
                tradeId = ReadIdentity(ref reader, "trade_id");
            }
            else if (reader.ValueTextEquals("event_type"u8))
            {
                reader.Read();
                eventType = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Null => null,
                    _ => throw new JsonException($"The execution task's event_type must be a string, not {Describe(reader.TokenType)}."),
                };
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                payload = JsonElement.ParseValue(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        throw new JsonException("The execution task's JSON ends before its closing brace.");
    }

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
                string? text = reader.GetString();
                return string.IsNullOrWhiteSpace(text) ? null : text;
            case JsonTokenType.Number:
                return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException($"The execution task's {name} must be a string or a number, not {Describe(reader.TokenType)}.");
        }
    }

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
