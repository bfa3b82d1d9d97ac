using System.Text.Json;
using PropConnectors.Serialization;

namespace PropConnectors;

/// <summary>
/// What a connector sent (or, under the dry-run gate, would have sent) to the firm. It never holds a
/// secret: headers are not recorded, and the API key travels only in the <c>Authorization</c> header.
/// </summary>
public sealed record RawRequest
{
    /// <summary>The HTTP method, for example <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The absolute URL, for example <c>https://api.ftmo.com/v1/orders</c>.</summary>
    public required string Url { get; init; }

    private Utf8JsonValue _bodyUtf8;

    /// <summary>The JSON body, if the request has one.</summary>
    public JsonElement? Body { get => _bodyUtf8.Get(); init => _bodyUtf8 = Utf8JsonValue.Of(value); }

    /// <summary>The same value, possibly as bytes not parsed yet.</summary>
    internal Utf8JsonValue BodyUtf8 { get => _bodyUtf8; init => _bodyUtf8 = value; }
}
