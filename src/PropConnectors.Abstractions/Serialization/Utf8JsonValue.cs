using System.Runtime.CompilerServices;
using System.Text.Json;

namespace PropConnectors.Serialization;

/// <summary>
/// A JSON value held either as a <see cref="JsonElement"/> or as the UTF-8 bytes it arrived or was written as, made an
/// element only when someone reads it. A live order's <c>raw_request</c> body and <c>raw_response</c> are already bytes
/// (the body was serialized to be sent, the answer was read and checked to be JSON); building a document for each on
/// every order cost more than the rest of the result, and most results are never inspected. A struct kept in a mutable
/// field of its owner, so it costs no object of its own; the parsed element is cached by a reference swap, so
/// concurrent readers are safe (at worst two parse the same bytes).
/// </summary>
internal struct Utf8JsonValue
{
    private readonly JsonElement? _element;
    private readonly byte[]? _utf8;
    private StrongBox<JsonElement>? _parsed;

    private Utf8JsonValue(JsonElement? element, byte[]? utf8)
    {
        _element = element;
        _utf8 = utf8;
    }

    /// <summary>Whether the value is held as bytes (and costs nothing until read).</summary>
    public readonly bool IsUtf8 => _utf8 is not null;

    /// <summary>A value given as an element (or none).</summary>
    public static Utf8JsonValue Of(JsonElement? element) => new(element, null);

    /// <summary>A value given as complete, valid JSON bytes, owned by the value from now on.</summary>
    public static Utf8JsonValue Of(byte[] utf8) => new(null, utf8);

    /// <summary>The value as an element, parsing the bytes on first use.</summary>
    public JsonElement? Get()
    {
        if (_utf8 is null)
        {
            return _element;
        }

        StrongBox<JsonElement>? parsed = Volatile.Read(ref _parsed);
        if (parsed is null)
        {
            var reader = new Utf8JsonReader(_utf8);
            parsed = new StrongBox<JsonElement>(JsonElement.ParseValue(ref reader));
            Volatile.Write(ref _parsed, parsed);
        }

        return parsed.Value;
    }
}
