using System.Text.Json;
using System.Text.Json.Serialization;
using PropConnectors.Serialization;

namespace PropConnectors;

/// <summary>
/// The result of one connector call (CONTRACT §5). Expected failures are values, not exceptions:
/// every result other than <see cref="ConnectorStatus.Success"/> carries an <see cref="ErrorCode"/>
/// from <see cref="ConnectorErrorCodes"/> and a human <see cref="ErrorMessage"/>. No result ever
/// holds a secret.
/// </summary>
/// <remarks>Create results with the factories (<see cref="Success"/>, <see cref="Failed"/>, ...).</remarks>
public sealed record ConnectorResult
{
    /// <summary>The firm code, upper case (for example <c>FTMO</c>).</summary>
    public required string FirmCode { get; init; }

    /// <summary>The outcome.</summary>
    public required ConnectorStatus Status { get; init; }

    /// <summary>The firm's id of the order, when the firm holds it.</summary>
    public string? ExternalOrderId { get; init; }

    /// <summary>The client order id (the idempotency key) the order was, or would be, placed under.</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>The firm's own order status (for example <c>FILLED</c> or <c>ACCEPTED</c>), when it said one.</summary>
    public string? OrderStatus { get; init; }

    /// <summary>What was sent (or would have been sent) to the firm; never a secret.</summary>
    public RawRequest? RawRequest { get; init; }

    private Utf8JsonValue _rawResponseUtf8;

    /// <summary>The firm's last answer, as JSON (a non-JSON answer is kept as a truncated string).</summary>
    public JsonElement? RawResponse { get => _rawResponseUtf8.Get(); init => _rawResponseUtf8 = Utf8JsonValue.Of(value); }

    /// <summary>The same value, possibly as bytes not parsed yet.</summary>
    internal Utf8JsonValue RawResponseUtf8 { get => _rawResponseUtf8; init => _rawResponseUtf8 = value; }

    /// <summary>How many requests that could create or change the order were sent (for a placement: how many <c>POST</c>s).</summary>
    public int Attempts { get; init; }

    /// <summary>The machine-readable error code; <see langword="null"/> on success.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>A human explanation of a non-success result.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>How long the firm asked to wait before the next attempt (<c>Retry-After</c>), on a <see cref="ConnectorStatus.Retry"/> result. Not serialized.</summary>
    [JsonIgnore]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>How long the call took. Not serialized.</summary>
    [JsonIgnore]
    public TimeSpan Duration { get => _duration; init => _duration = value; }

    private TimeSpan _duration;

    /// <summary>Sets <see cref="Duration"/> on a result that has not left the connector yet (saves copying the record).</summary>
    internal void SetDuration(TimeSpan duration) => _duration = duration;

    /// <summary>Whether <see cref="Status"/> is <see cref="ConnectorStatus.Success"/>.</summary>
    [JsonIgnore]
    public bool IsSuccess => Status == ConnectorStatus.Success;

    /// <summary>Creates a <see cref="ConnectorStatus.Success"/> result.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="externalOrderId">The firm's order id.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="orderStatus">The firm's order status.</param>
    /// <param name="rawRequest">What was sent.</param>
    /// <param name="rawResponse">What the firm answered.</param>
    /// <param name="attempts">How many order requests were sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Success(
        string firmCode,
        string? externalOrderId,
        string? clientOrderId = null,
        string? orderStatus = null,
        RawRequest? rawRequest = null,
        JsonElement? rawResponse = null,
        int attempts = 1) => new()
        {
            FirmCode = firmCode,
            Status = ConnectorStatus.Success,
            ExternalOrderId = externalOrderId,
            ClientOrderId = clientOrderId,
            OrderStatus = orderStatus,
            RawRequest = rawRequest,
            RawResponse = rawResponse,
            Attempts = attempts,
        };

    /// <summary>A success built from the firm's reply, its answer kept as bytes until read.</summary>
    internal static ConnectorResult SuccessFromReply(string firmCode, FirmReply reply, string? externalOrderId, string? clientOrderId, RawRequest? rawRequest, int attempts) => new()
    {
        FirmCode = firmCode,
        Status = ConnectorStatus.Success,
        ExternalOrderId = externalOrderId,
        ClientOrderId = clientOrderId,
        OrderStatus = reply.OrderStatus,
        RawRequest = rawRequest,
        RawResponseUtf8 = reply.RawResponseUtf8,
        Attempts = attempts,
    };

    /// <summary>Creates a <see cref="ConnectorStatus.Failed"/> result: the firm does not hold the order.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="errorCode">One of <see cref="ConnectorErrorCodes"/>.</param>
    /// <param name="errorMessage">A human explanation.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="rawRequest">What was sent.</param>
    /// <param name="rawResponse">What the firm answered.</param>
    /// <param name="attempts">How many order requests were sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Failed(
        string firmCode,
        string errorCode,
        string errorMessage,
        string? clientOrderId = null,
        RawRequest? rawRequest = null,
        JsonElement? rawResponse = null,
        int attempts = 0) =>
        Create(firmCode, ConnectorStatus.Failed, errorCode, errorMessage, clientOrderId, rawRequest, rawResponse, attempts);

    /// <summary>Creates a <see cref="ConnectorStatus.Retry"/> result: provably not placed, worth trying again later with the same client order id.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="errorCode"><see cref="ConnectorErrorCodes.RateLimited"/> or <see cref="ConnectorErrorCodes.FirmUnavailable"/>.</param>
    /// <param name="errorMessage">A human explanation.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="rawRequest">What was sent.</param>
    /// <param name="rawResponse">What the firm answered.</param>
    /// <param name="attempts">How many order requests were sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Retry(
        string firmCode,
        string errorCode,
        string errorMessage,
        string? clientOrderId = null,
        RawRequest? rawRequest = null,
        JsonElement? rawResponse = null,
        int attempts = 0) =>
        Create(firmCode, ConnectorStatus.Retry, errorCode, errorMessage, clientOrderId, rawRequest, rawResponse, attempts);

    /// <summary>Creates a <see cref="ConnectorStatus.Skipped"/> result: nothing was sent because the dry-run gate is on.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="errorMessage">A human explanation.</param>
    /// <param name="clientOrderId">The client order id the order would have had.</param>
    /// <param name="rawRequest">The request that would have been sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Skipped(
        string firmCode,
        string errorMessage,
        string? clientOrderId = null,
        RawRequest? rawRequest = null) =>
        Create(firmCode, ConnectorStatus.Skipped, ConnectorErrorCodes.GlobalDryRunEnabled, errorMessage, clientOrderId, rawRequest, null, 0);

    /// <summary>Creates an <see cref="ConnectorStatus.Unknown"/> result: the firm may hold the order.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="errorCode"><see cref="ConnectorErrorCodes.Timeout"/>, <see cref="ConnectorErrorCodes.NetworkError"/> or <see cref="ConnectorErrorCodes.FirmUnavailable"/>.</param>
    /// <param name="errorMessage">A human explanation.</param>
    /// <param name="clientOrderId">The client order id to look the order up by.</param>
    /// <param name="rawRequest">What was sent.</param>
    /// <param name="rawResponse">What the firm answered.</param>
    /// <param name="attempts">How many order requests were sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Unknown(
        string firmCode,
        string errorCode,
        string errorMessage,
        string? clientOrderId = null,
        RawRequest? rawRequest = null,
        JsonElement? rawResponse = null,
        int attempts = 0) =>
        Create(firmCode, ConnectorStatus.Unknown, errorCode, errorMessage, clientOrderId, rawRequest, rawResponse, attempts);

    private static ConnectorResult Create(
        string firmCode,
        ConnectorStatus status,
        string errorCode,
        string errorMessage,
        string? clientOrderId,
        RawRequest? rawRequest,
        JsonElement? rawResponse,
        int attempts)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        return new()
        {
            FirmCode = firmCode,
            Status = status,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            ClientOrderId = clientOrderId,
            RawRequest = rawRequest,
            RawResponse = rawResponse,
            Attempts = attempts,
        };
    }

    /// <summary>The result as CONTRACT §5 JSON.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() =>
        JsonSerializer.Serialize(this, Serialization.PropConnectorsJsonContext.Default.ConnectorResult);
}
