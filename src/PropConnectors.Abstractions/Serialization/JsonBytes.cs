using System.Text;
using System.Text.Json;

namespace PropConnectors.Serialization;

/// <summary>
/// JSON kept as its UTF-8 bytes and parsed when read, for the bodies results carry (<see cref="Results.RawRequest.Body"/>,
/// <see cref="Results.ConnectorResult.RawResponse"/>): a live order's body was serialized to be sent and its answer read
/// to be checked, so keeping the bytes costs nothing, and most results are never inspected. Each read parses afresh;
/// nothing is cached, so the records that hold them stay immutable.
/// </summary>
internal static class JsonBytes
{
    /// <summary>Parses bytes known to be one complete JSON value; <see langword="null"/> for none.</summary>
    public static JsonElement? Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(utf8.Span);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>The bytes of an element; one whose strings are not valid UTF-8 is kept as a JSON string of its text, read with replacement characters.</summary>
    public static ReadOnlyMemory<byte> Of(JsonElement? element)
    {
        if (element is not { ValueKind: not JsonValueKind.Undefined } value)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        byte[] utf8 = JsonSerializer.SerializeToUtf8Bytes(value, PropConnectorsJsonContext.Default.JsonElement);
        return System.Text.Unicode.Utf8.IsValid(utf8)
            ? utf8
            : JsonSerializer.SerializeToUtf8Bytes(Encoding.UTF8.GetString(utf8), PropConnectorsJsonContext.Default.String);
    }
}
