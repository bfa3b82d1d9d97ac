using System.Text.Json;

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

    /// <summary>The JSON body, if the request has one.</summary>
    public JsonElement? Body { get; init; }
}
