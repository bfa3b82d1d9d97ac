using System.Text.Json;
using System.Text.Json.Serialization;
using PropConnectors.Serialization;
using PropConnectors.Results;

namespace PropConnectors;

/// <summary>
/// The outcome of one request to a firm, as a connector's protocol code reports it to
/// <see cref="BasePropConnector"/>, which turns replies into <see cref="ConnectorResult"/>s and applies
/// the idempotency and retry rules of CONTRACT §4 and §6.
/// </summary>
public sealed record FirmReply
{
    /// <summary>What the request established.</summary>
    public required FirmReplyKind Kind { get; init; }

    /// <summary>The firm's order id (for <see cref="FirmReplyKind.Accepted"/>).</summary>
    public string? OrderId { get; init; }

    /// <summary>
    /// The client order id the firm's answer names, when the protocol gives it back. A lookup whose answer names another
    /// client order id is not evidence that the firm holds ours.
    /// </summary>
    public string? ClientOrderId { get; init; }

    /// <summary>The firm's order status, if it said one.</summary>
    public string? OrderStatus { get; init; }

    /// <summary>The firm's error text or a description of the failure. Never a secret.</summary>
    public string? Message { get; init; }

    /// <summary>The HTTP status code, when there was an answer.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>How long the firm asked to wait (<c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The firm's answer body (a non-JSON answer as a JSON string excerpt); parsed from <see cref="RawResponseUtf8"/> on each read.</summary>
    public JsonElement? RawResponse { get => JsonBytes.Parse(RawResponseUtf8); init => RawResponseUtf8 = JsonBytes.Of(value); }

    /// <summary>The same answer as UTF-8 bytes (one complete JSON value); empty when there is none. Not serialized: <see cref="RawResponse"/> is.</summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawResponseUtf8 { get; init; }

    /// <summary>What was sent.</summary>
    public RawRequest? Request { get; init; }

    /// <summary>
    /// An error code that overrides the usual mapping of <see cref="Kind"/>; for example a request refused
    /// by an open circuit breaker is <see cref="FirmReplyKind.NotSent"/> with <see cref="ConnectorErrorCodes.FirmUnavailable"/>.
    /// </summary>
    public string? ErrorCode { get; init; }

    /// <summary>Creates an <see cref="FirmReplyKind.Accepted"/> reply.</summary>
    /// <param name="orderId">The firm's order id.</param>
    /// <param name="orderStatus">The firm's order status.</param>
    /// <returns>The reply.</returns>
    public static FirmReply Accepted(string orderId, string? orderStatus = null) =>
        new() { Kind = FirmReplyKind.Accepted, OrderId = orderId, OrderStatus = orderStatus };

    /// <summary>Creates a reply of any kind with a message.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="message">A description; never a secret.</param>
    /// <returns>The reply.</returns>
    public static FirmReply Of(FirmReplyKind kind, string? message = null) => new() { Kind = kind, Message = message };
}
