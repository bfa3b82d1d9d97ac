using System.Text.Json;
using System.Text.Json.Serialization;
using PropConnectors.Serialization;

namespace PropConnectors.Results;

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

    /// <summary>The JSON body, if the request has one (parsed from <see cref="BodyUtf8"/> on each read).</summary>
    [JsonIgnore]
    public JsonElement? Body { get => JsonBytes.Parse(BodyUtf8); init => BodyUtf8 = JsonBytes.Of(value); }

    /// <summary>The JSON body as the UTF-8 bytes sent (one complete JSON value); empty when there is none. Serialized as <c>body</c>, the value itself.</summary>
    [JsonPropertyName("body")]
    [JsonConverter(typeof(Utf8JsonValueConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ReadOnlyMemory<byte> BodyUtf8 { get; init; }
}
