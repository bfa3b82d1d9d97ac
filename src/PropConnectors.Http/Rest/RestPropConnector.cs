using System.Net.Http.Headers;
using System.Text.Json;
using PropConnectors.Accounts;
using PropConnectors.Configuration;
using PropConnectors.Http;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Serialization;

namespace PropConnectors.Rest;

/// <summary>
/// The one implementation of the generic prop-firm REST contract (CONTRACT §3), shared by every firm that speaks it
/// (FTMO and Apex among them). A firm package supplies only a <see cref="PropFirmProfile"/>: its code, name and defaults.
/// </summary>
/// <remarks>
/// Requests go through the firm's named <see cref="HttpClient"/> (<see cref="PropConnectorsHttp.ClientName"/>), whose
/// resilience pipeline retries <c>GET</c> and <c>DELETE</c> and never a <c>POST</c>: re-sending an order is decided by
/// <see cref="BasePropConnector"/> under CONTRACT §4. Every request carries <c>Authorization: Bearer</c>,
/// <c>Accept: application/json</c> and the SDK's <c>User-Agent</c>; a <c>POST</c> also carries <c>Idempotency-Key</c>.
/// </remarks>
public class RestPropConnector : BasePropConnector
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    /// <summary>Creates the connector for a firm that speaks the generic REST contract.</summary>
    /// <param name="profile">The firm's code, name and defaults.</param>
    /// <param name="context">The services from dependency injection.</param>
    /// <param name="httpClientFactory">The factory of the firm's named client.</param>
    public RestPropConnector(PropFirmProfile profile, ConnectorContext context, IHttpClientFactory httpClientFactory)
        : base((profile ?? throw new ArgumentNullException(nameof(profile))).Code, context)
    {
        Profile = profile;
        HttpClientFactory = httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory));
    }

    /// <summary>The firm's code, name and defaults.</summary>
    public PropFirmProfile Profile { get; }

    /// <inheritdoc />
    public override string DisplayName => Profile.DisplayName;

    /// <inheritdoc />
    public override ConnectorCapabilities Capabilities => ConnectorCapabilities.All;

    /// <summary>The factory of the firm's named client.</summary>
    protected IHttpClientFactory HttpClientFactory { get; }

    /// <inheritdoc />
    protected override RawRequest? DescribeOrderRequest(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Options.BaseUrl is { Length: > 0 } baseUrl
            ? new RawRequest { Method = "POST", Url = OrdersUrl(baseUrl), BodyUtf8 = JsonSerializer.SerializeToUtf8Bytes(order, PropConnectorsJson.OrderRequest) }
            : null;
    }

    /// <inheritdoc />
    protected override ValueTask<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        Endpoint endpoint = GetEndpoint();

        // Serialized once: the bytes sent are the bytes reported as raw_request.
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(order, PropConnectorsJson.OrderRequest);
        var raw = new RawRequest { Method = "POST", Url = endpoint.OrdersUrl, BodyUtf8 = body };

        var request = new HttpRequestMessage(HttpMethod.Post, endpoint.OrdersUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonMediaType;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", order.ClientOrderId);
        return SendAsync(request, raw, endpoint, orderIdWhenNoOrder: null, cancellationToken);
    }

    /// <inheritdoc />
    protected override ValueTask<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, WithAccount(OrdersUrl(Options.BaseUrl!) + "?client_order_id=" + Uri.EscapeDataString(clientOrderId)), orderIdWhenNoOrder: null, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, WithAccount(OrderUrl(Options.BaseUrl!, orderId)), orderIdWhenNoOrder: null, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmRead<AccountState>> ReadAccountStateAsync(CancellationToken cancellationToken) =>
        ReadAsync(Options.BaseUrl!.TrimEnd('/') + "/account", RestStateJson.ReadAccount, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmRead<IReadOnlyList<Position>>> ReadPositionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Position>>(Options.BaseUrl!.TrimEnd('/') + "/positions", RestStateJson.ReadPositions, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmRead<IReadOnlyList<WorkingOrder>>> ReadOpenOrdersAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<WorkingOrder>>(OrdersUrl(Options.BaseUrl!) + "?status=open", RestStateJson.ReadOpenOrders, cancellationToken);

    /// <inheritdoc />
    protected override ValueTask<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, OrderUrl(Options.BaseUrl!, orderId), orderIdWhenNoOrder: orderId, cancellationToken);

    /// <summary>The orders collection URL: the base URL (path kept) plus <c>/orders</c>.</summary>
    /// <param name="baseUrl">The firm's base URL.</param>
    /// <returns>The URL.</returns>
    protected static string OrdersUrl(string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.TrimEnd('/') + "/orders";
    }

    /// <summary>One order's URL, its id escaped as a single path segment.</summary>
    /// <param name="baseUrl">The firm's base URL.</param>
    /// <param name="orderId">The order id (already checked: not empty, <c>.</c> or <c>..</c>).</param>
    /// <returns>The URL.</returns>
    protected static string OrderUrl(string baseUrl, string orderId) => OrdersUrl(baseUrl) + "/" + Uri.EscapeDataString(orderId);

    // Every GET names the account when one is configured (CONTRACT §11).
    private string WithAccount(string url) =>
        Options.AccountId is { Length: > 0 } accountId ? url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "account_id=" + Uri.EscapeDataString(accountId) : url;

    private ValueTask<FirmRead<T>> ReadAsync<T>(string url, Func<JsonElement, T?> read, CancellationToken cancellationToken)
        where T : class
    {
        url = WithAccount(url);
        Endpoint endpoint = GetEndpoint();
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", endpoint.Authorization);
        var exchange = new FirmHttpExchange { RawRequest = new RawRequest { Method = "GET", Url = url }, MaxResponseBytes = endpoint.MaxResponseBytes };
        return FirmHttp.ReadAsync(endpoint.Client, request, exchange, read, cancellationToken);
    }

    private ValueTask<FirmReply> SendAsync(HttpMethod method, string url, string? orderIdWhenNoOrder, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(method, url), new RawRequest { Method = method.Method, Url = url }, GetEndpoint(), orderIdWhenNoOrder, cancellationToken);

    private static ValueTask<FirmReply> SendAsync(HttpRequestMessage request, RawRequest raw, Endpoint endpoint, string? orderIdWhenNoOrder, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("Authorization", endpoint.Authorization);
        var exchange = new FirmHttpExchange { RawRequest = raw, MaxResponseBytes = endpoint.MaxResponseBytes, OrderIdWhenNoOrder = orderIdWhenNoOrder };
        return FirmHttp.SendAsync(endpoint.Client, request, exchange, cancellationToken);
    }

    // What every request needs from the options, made once per options instance (a configuration reload replaces it).
    // The client is long-lived, as the factory allows: its handler's connections are recycled by PooledConnectionLifetime.
    private Endpoint GetEndpoint()
    {
        PropFirmOptions options = Options;
        Endpoint? current = Volatile.Read(ref _endpoint);
        if (current is null || !ReferenceEquals(current.Options, options))
        {
            current = new Endpoint(options, HttpClientFactory.CreateClient(PropConnectorsHttp.ClientName(FirmCode)));
            Volatile.Write(ref _endpoint, current);
        }

        return current;
    }

    private Endpoint? _endpoint;

    private sealed class Endpoint(PropFirmOptions options, HttpClient client)
    {
        public PropFirmOptions Options { get; } = options;

        public HttpClient Client { get; } = client;

        public string OrdersUrl { get; } = RestPropConnector.OrdersUrl(options.BaseUrl!);

        public Uri OrdersUri => field ??= new Uri(OrdersUrl, UriKind.Absolute);

        public string Authorization { get; } = "Bearer " + options.ApiKey;

        public int MaxResponseBytes { get; } = options.MaxResponseBytes;
    }
}
