using System.Text.Json;
using PropConnectors.Serialization;

namespace PropConnectors;

/// <summary>What one request to a firm established; the vocabulary a connector's protocol code speaks to <see cref="BasePropConnector"/>.</summary>
public enum FirmReplyKind
{
    /// <summary>The firm answered with the order (placed, found, or its status).</summary>
    Accepted,

    /// <summary>The firm said the order does not exist (404): provably absent.</summary>
    NotFound,

    /// <summary>The firm refused the request (a 4xx other than 401, 403, 404 and 429).</summary>
    Rejected,

    /// <summary>The firm refused the credentials (401 or 403).</summary>
    AuthFailed,

    /// <summary>The firm answered 429: it did not take the request.</summary>
    RateLimited,

    /// <summary>The firm answered 5xx: it may or may not have taken the request.</summary>
    Unavailable,

    /// <summary>Nothing was sent (connection refused, DNS failure, open circuit): provably not taken.</summary>
    NotSent,

    /// <summary>The request may have been sent and no answer came in time.</summary>
    TimedOut,

    /// <summary>The request may have been sent and the connection was lost before the answer.</summary>
    ConnectionLost,

    /// <summary>A 2xx answer whose body is not what the protocol expects.</summary>
    InvalidResponse,
}

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

    /// <summary>The firm's order status, if it said one.</summary>
    public string? OrderStatus { get; init; }

    /// <summary>The firm's error text or a description of the failure. Never a secret.</summary>
    public string? Message { get; init; }

    /// <summary>The HTTP status code, when there was an answer.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>How long the firm asked to wait (<c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    private Utf8JsonValue _rawResponseUtf8;

    /// <summary>The firm's answer body.</summary>
    public JsonElement? RawResponse { get => _rawResponseUtf8.Get(); init => _rawResponseUtf8 = Utf8JsonValue.Of(value); }

    /// <summary>The same value, possibly as bytes not parsed yet.</summary>
    internal Utf8JsonValue RawResponseUtf8 { get => _rawResponseUtf8; init => _rawResponseUtf8 = value; }

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
