using System.Text.Json;
using System.Text.Json.Serialization;
using PropConnectors.Serialization;

namespace PropConnectors.Results;

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

    /// <summary>The named account (CONTRACT §11), or <see langword="null"/> for the firm's default account.</summary>
    public string? Account { get; init; }

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

    /// <summary>The firm's last answer, as JSON (a non-JSON answer is kept as a truncated string); parsed from <see cref="RawResponseUtf8"/> on each read.</summary>
    [JsonIgnore]
    public JsonElement? RawResponse { get => JsonBytes.Parse(RawResponseUtf8); init => RawResponseUtf8 = JsonBytes.Of(value); }

    /// <summary>The same answer as UTF-8 bytes (one complete JSON value); empty when there is none. Serialized as <c>raw_response</c>, the value itself.</summary>
    [JsonPropertyName("raw_response")]
    [JsonConverter(typeof(Utf8JsonValueConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ReadOnlyMemory<byte> RawResponseUtf8 { get; init; }

    /// <summary>How many requests that could create or change the order were sent (for a placement: how many <c>POST</c>s).</summary>
    public int Attempts { get; init; }

    /// <summary>How the quantity was sized from risk, for an entry without a quantity (CONTRACT §14); <see langword="null"/> otherwise.</summary>
    public OrderSizing? Sizing { get; init; }

    /// <summary>What an <c>EXIT</c>, <c>FLATTEN</c> or <c>CANCEL</c> did, one entry per close or cancel (CONTRACT §10); <see langword="null"/> for an order.</summary>
    public IReadOnlyList<ConnectorAction>? Actions { get; init; }

    /// <summary>The machine-readable error code; <see langword="null"/> on success.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>A human explanation of a non-success result.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>How long the firm asked to wait before the next attempt (<c>Retry-After</c>), on a <see cref="ConnectorStatus.Retry"/> result. Not serialized.</summary>
    [JsonIgnore]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>How long the call took. Not serialized.</summary>
    [JsonIgnore]
    public TimeSpan Duration { get; init; }

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
    public static ConnectorResult Success(string firmCode, string? externalOrderId, string? clientOrderId = null, string? orderStatus = null, RawRequest? rawRequest = null, JsonElement? rawResponse = null, int attempts = 1) =>
        Of(ConnectorStatus.Success, firmCode, null, null, clientOrderId, rawRequest, JsonBytes.Of(rawResponse), attempts) with { ExternalOrderId = externalOrderId, OrderStatus = orderStatus };

    /// <summary>Creates a <see cref="ConnectorStatus.Failed"/> result: the firm does not hold the order.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="errorCode">One of <see cref="ConnectorErrorCodes"/>.</param>
    /// <param name="errorMessage">A human explanation.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="rawRequest">What was sent.</param>
    /// <param name="rawResponse">What the firm answered.</param>
    /// <param name="attempts">How many order requests were sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Failed(string firmCode, string errorCode, string errorMessage, string? clientOrderId = null, RawRequest? rawRequest = null, JsonElement? rawResponse = null, int attempts = 0) =>
        Of(ConnectorStatus.Failed, firmCode, Required(errorCode), errorMessage, clientOrderId, rawRequest, JsonBytes.Of(rawResponse), attempts);

    /// <summary>Creates a <see cref="ConnectorStatus.Retry"/> result: provably not placed, worth trying again later with the same client order id.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="errorCode"><see cref="ConnectorErrorCodes.RateLimited"/> or <see cref="ConnectorErrorCodes.FirmUnavailable"/>.</param>
    /// <param name="errorMessage">A human explanation.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="rawRequest">What was sent.</param>
    /// <param name="rawResponse">What the firm answered.</param>
    /// <param name="attempts">How many order requests were sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Retry(string firmCode, string errorCode, string errorMessage, string? clientOrderId = null, RawRequest? rawRequest = null, JsonElement? rawResponse = null, int attempts = 0) =>
        Of(ConnectorStatus.Retry, firmCode, Required(errorCode), errorMessage, clientOrderId, rawRequest, JsonBytes.Of(rawResponse), attempts);

    /// <summary>Creates a <see cref="ConnectorStatus.Skipped"/> result: nothing was sent because the dry-run gate is on.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="errorMessage">A human explanation.</param>
    /// <param name="clientOrderId">The client order id the order would have had.</param>
    /// <param name="rawRequest">The request that would have been sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Skipped(string firmCode, string errorMessage, string? clientOrderId = null, RawRequest? rawRequest = null) =>
        Of(ConnectorStatus.Skipped, firmCode, ConnectorErrorCodes.GlobalDryRunEnabled, errorMessage, clientOrderId, rawRequest, ReadOnlyMemory<byte>.Empty, 0);

    /// <summary>Creates an <see cref="ConnectorStatus.Unknown"/> result: the firm may hold the order.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="errorCode"><see cref="ConnectorErrorCodes.Timeout"/>, <see cref="ConnectorErrorCodes.NetworkError"/> or <see cref="ConnectorErrorCodes.FirmUnavailable"/>.</param>
    /// <param name="errorMessage">A human explanation.</param>
    /// <param name="clientOrderId">The client order id to look the order up by.</param>
    /// <param name="rawRequest">What was sent.</param>
    /// <param name="rawResponse">What the firm answered.</param>
    /// <param name="attempts">How many order requests were sent.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Unknown(string firmCode, string errorCode, string errorMessage, string? clientOrderId = null, RawRequest? rawRequest = null, JsonElement? rawResponse = null, int attempts = 0) =>
        Of(ConnectorStatus.Unknown, firmCode, Required(errorCode), errorMessage, clientOrderId, rawRequest, JsonBytes.Of(rawResponse), attempts);

    /// <summary>Any result, with the firm's answer as bytes: what the SDK's own code creates.</summary>
    internal static ConnectorResult Of(ConnectorStatus status, string firmCode, string? errorCode, string? errorMessage, string? clientOrderId, RawRequest? rawRequest, ReadOnlyMemory<byte> rawResponse, int attempts) => new()
    {
        FirmCode = firmCode,
        Status = status,
        ErrorCode = errorCode,
        ErrorMessage = errorMessage,
        ClientOrderId = clientOrderId,
        RawRequest = rawRequest,
        RawResponseUtf8 = rawResponse,
        Attempts = attempts,
    };

    private static string Required(string errorCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorCode);
        return errorCode;
    }

    /// <summary>The result as CONTRACT §5 JSON.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() =>
        JsonSerializer.Serialize(this, Serialization.PropConnectorsJsonContext.Default.ConnectorResult);
}
