using System.Net.Http.Headers;
using System.Text.Json;
using PropConnectors.Accounts;
using PropConnectors.Configuration;
using PropConnectors.Http;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Samples.AcmeConnector.Internal;

namespace PropConnectors.Samples.AcmeConnector;

/// <summary>
/// The Acme Prop connector. Acme's API is not the SDK's generic REST contract: the key travels in <c>X-Api-Key</c>,
/// orders are camelCase "trades" under <c>/api/v2/trades</c>, and the idempotency key is the trade's <c>ref</c>.
/// </summary>
/// <remarks>
/// The connector only speaks the protocol: it turns each HTTP exchange into a <see cref="FirmReply"/>.
/// <see cref="BasePropConnector"/> does everything else (validation, the dry-run gate, configuration checks, retries
/// and the look-up-before-resend rule of CONTRACT §4, timeouts, telemetry, and turning replies into results).
/// <list type="table">
/// <item><term>place</term><description><c>POST {base}/api/v2/trades</c> <c>{"ref", "instrument", "direction": "long"|"short", "size", "kind"}</c> → <c>{"trade": {"id", "state"}}</c></description></item>
/// <item><term>find by ref</term><description><c>GET {base}/api/v2/trades/by-ref/{ref}</c> → the trade, or 404</description></item>
/// <item><term>status</term><description><c>GET {base}/api/v2/trades/{id}</c> → the trade, or 404</description></item>
/// <item><term>cancel</term><description><c>DELETE {base}/api/v2/trades/{id}</c> → the trade, 204, or 404</description></item>
/// <item><term>account</term><description><c>GET {base}/api/v2/account</c> → <c>{"account": {"balance", "equity", "dayStartBalance", "currency"}}</c> (amounts as strings)</description></item>
/// <item><term>positions</term><description><c>GET {base}/api/v2/positions</c> → <c>{"positions": [{"instrument", "direction", "size"}]}</c></description></item>
/// <item><term>working orders</term><description><c>GET {base}/api/v2/trades?state=working</c> → <c>{"trades": [...]}</c></description></item>
/// </list>
/// </remarks>
public sealed class AcmeConnector : BasePropConnector
{
    /// <summary>The header that carries the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _httpClientFactory;

    /// <summary>Creates the connector; resolve it from dependency injection after <c>AddPropConnectors().AddAcme()</c>.</summary>
    /// <param name="context">The services from dependency injection.</param>
    /// <param name="httpClientFactory">The factory of the firm's named client (registered by <c>AddHttpConnector</c>).</param>
    public AcmeConnector(ConnectorContext context, IHttpClientFactory httpClientFactory)
        : base(AcmeFirm.Code, context)
    {
        _httpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
    }

    /// <inheritdoc />
    public override string DisplayName => AcmeFirm.DisplayName;

    /// <inheritdoc />
    public override ConnectorCapabilities Capabilities => ConnectorCapabilities.All;

    /// <inheritdoc />
    protected override RawRequest? DescribeOrderRequest(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Options.BaseUrl is { Length: > 0 } baseUrl
            ? new RawRequest { Method = "POST", Url = TradesUrl(baseUrl), Body = JsonSerializer.SerializeToElement(AcmeTradeRequest.From(order), AcmeJsonContext.Default.AcmeTradeRequest) }
            : null;
    }

    /// <inheritdoc />
    protected override ValueTask<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        string url = TradesUrl(Options.BaseUrl!);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(AcmeTradeRequest.From(order), AcmeJsonContext.Default.AcmeTradeRequest);
        var raw = new RawRequest { Method = "POST", Url = url, Body = JsonSerializer.Deserialize(body, AcmeJsonContext.Default.JsonElement) };

        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonContentType;
        return SendAsync(request, raw, fallbackOrderId: null, cancellationToken);
    }

    /// <inheritdoc />
    protected override ValueTask<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, TradesUrl(Options.BaseUrl!) + "/by-ref/" + Uri.EscapeDataString(clientOrderId), fallbackOrderId: null, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, TradeUrl(Options.BaseUrl!, orderId), fallbackOrderId: null, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, TradeUrl(Options.BaseUrl!, orderId), fallbackOrderId: orderId, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmRead<AccountState>> ReadAccountStateAsync(CancellationToken cancellationToken) =>
        ReadAsync(ApiUrl(Options.BaseUrl!, "account"), AcmeState.ReadAccount, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmRead<IReadOnlyList<Position>>> ReadPositionsAsync(CancellationToken cancellationToken) =>
        ReadAsync(ApiUrl(Options.BaseUrl!, "positions"), AcmeState.ReadPositions, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmRead<IReadOnlyList<WorkingOrder>>> ReadOpenOrdersAsync(CancellationToken cancellationToken) =>
        ReadAsync(TradesUrl(Options.BaseUrl!) + "?state=working", AcmeState.ReadWorkingOrders, cancellationToken);

    private static string ApiUrl(string baseUrl, string path) => baseUrl.TrimEnd('/') + "/api/v2/" + path;

    private static string TradesUrl(string baseUrl) => baseUrl.TrimEnd('/') + "/api/v2/trades";

    private static string TradeUrl(string baseUrl, string orderId) => TradesUrl(baseUrl) + "/" + Uri.EscapeDataString(orderId);

    private ValueTask<FirmReply> SendAsync(HttpMethod method, string url, string? fallbackOrderId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(method, url), new RawRequest { Method = method.Method, Url = url }, fallbackOrderId, cancellationToken);

    private ValueTask<FirmRead<T>> ReadAsync<T>(string url, Func<JsonElement, T?> read, CancellationToken cancellationToken)
        where T : class
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, Options.ApiKey);
        var exchange = new FirmHttpExchange { RawRequest = new RawRequest { Method = "GET", Url = url }, MaxResponseBytes = Options.MaxResponseBytes, ReadError = ReadError };
        return FirmHttp.ReadAsync(_httpClientFactory.CreateClient(PropConnectorsHttp.ClientName(AcmeFirm.Code)), request, exchange, read, cancellationToken);
    }

    /// <summary>
    /// Sends one request through the firm's resilient client. <see cref="FirmHttp.SendAsync"/> turns whatever happens
    /// (status codes, Retry-After, timeouts, refused or dropped connections, oversized or malformed answers, a key echoed
    /// back) into a <see cref="FirmReply"/>; Acme only says how its JSON names an order and an error.
    /// </summary>
    private ValueTask<FirmReply> SendAsync(HttpRequestMessage request, RawRequest raw, string? fallbackOrderId, CancellationToken cancellationToken)
    {
        PropFirmOptions options = Options;
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, options.ApiKey);
        HttpClient client = _httpClientFactory.CreateClient(PropConnectorsHttp.ClientName(AcmeFirm.Code));
        var exchange = new FirmHttpExchange
        {
            RawRequest = raw,
            MaxResponseBytes = options.MaxResponseBytes,
            ReadOrder = ReadTrade,
            ReadError = ReadError,
            OrderIdWhenNoOrder = fallbackOrderId, // a cancel may answer 204 with no body
        };
        return FirmHttp.SendAsync(client, request, exchange, cancellationToken); // FirmHttp disposes the request
    }

    /// <summary>Acme answers <c>{"trade": {"id", "ref", "state"}}</c>; its states are lower case.</summary>
    private static FirmOrderInfo? ReadTrade(JsonElement json)
    {
        try
        {
            AcmeTrade? trade = json.Deserialize(AcmeJsonContext.Default.AcmeTradeEnvelope)?.Trade;
            return trade?.Id is { Length: > 0 } id ? new FirmOrderInfo(id, trade.State?.ToUpperInvariant()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Acme's errors are <c>{"error": {"code", "detail"}}</c>.</summary>
    private static string? ReadError(JsonElement json)
    {
        try
        {
            AcmeError? error = json.Deserialize(AcmeJsonContext.Default.AcmeErrorEnvelope)?.Error;
            return error?.Detail is { Length: > 0 } detail ? (error.Code is { Length: > 0 } code ? $"{code}: {detail}" : detail) : error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
