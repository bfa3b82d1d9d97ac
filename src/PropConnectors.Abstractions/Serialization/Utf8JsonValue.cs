using System.Runtime.CompilerServices;
using System.Text.Json;

namespace PropConnectors.Serialization;

/// <summary>
/// A JSON value held either as a <see cref="JsonElement"/> or as the UTF-8 bytes it arrived or was written as, made an
/// element only when someone reads it. A live order's <c>raw_request</c> body and <c>raw_response</c> are already bytes
/// (the body was serialized to be sent, the answer was read and checked to be JSON); building a document for each on
/// every order cost more than the rest of the result, and most results are never inspected. A one-reference struct
/// kept in a mutable field of its owner: the bytes are swapped for the parsed element on first read (a reference
/// write, so concurrent readers are safe; at worst two parse the same bytes).
/// </summary>
internal struct Utf8JsonValue
{
    // null: no value; byte[]: JSON not parsed yet; StrongBox<JsonElement>: the element.
    private object? _value;

    private Utf8JsonValue(object? value) => _value = value;

    /// <summary>Whether the value is held as bytes not parsed yet (and costs nothing until read).</summary>
    public readonly bool IsUtf8 => _value is byte[];

    /// <summary>A value given as an element (or none).</summary>
    public static Utf8JsonValue Of(JsonElement? element) => new(element is { } e ? new StrongBox<JsonElement>(e) : null);

    /// <summary>A value given as complete, valid JSON bytes, owned by the value from now on.</summary>
    public static Utf8JsonValue Of(byte[] utf8) => new(utf8);

    /// <summary>The value as an element, parsing the bytes on first use.</summary>
    public JsonElement? Get()
    {
        switch (Volatile.Read(ref _value))
        {
            case StrongBox<JsonElement> element:
                return element.Value;
            case byte[] utf8:
                var reader = new Utf8JsonReader(utf8);
                var parsed = new StrongBox<JsonElement>(JsonElement.ParseValue(ref reader));
                Volatile.Write(ref _value, parsed);
                return parsed.Value;
            default:
                return null;
        }
    }
}
