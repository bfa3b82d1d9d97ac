using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropConnectors.Serialization;

/// <summary>
/// Writes UTF-8 bytes that hold one JSON value as that value, and reads a JSON value back into its bytes: how
/// <see cref="Results.RawRequest.BodyUtf8"/> and <see cref="Results.ConnectorResult.RawResponseUtf8"/> travel as
/// <c>body</c> and <c>raw_response</c> without being parsed into a document first. Empty bytes are <c>null</c>.
/// </summary>
public sealed class Utf8JsonValueConverter : JsonConverter<ReadOnlyMemory<byte>>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonElement value = JsonElement.ParseValue(ref reader);
        return value.ValueKind == JsonValueKind.Null ? ReadOnlyMemory<byte>.Empty : JsonBytes.Of(value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(value.Span); // validated: the bytes may come from a caller
        }
    }
}
