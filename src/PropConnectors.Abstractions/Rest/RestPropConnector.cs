using System.Buffers;
using System.Net;
using System.Reflection;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using PropConnectors.Serialization;

namespace PropConnectors.Rest;

/// <summary>
/// The one implementation of the generic prop-firm REST contract (CONTRACT §3), shared by every firm
/// that speaks it (FTMO and Apex among them). A firm package supplies only a <see cref="PropFirmProfile"/>:
/// its code, name and defaults.
/// </summary>
/// <remarks>
/// Requests go through the firm's named <see cref="HttpClient"/> (<see cref="PropConnectorsHttp.ClientName"/>),
/// whose resilience pipeline retries <c>GET</c> and <c>DELETE</c> freely and never retries a <c>POST</c>:
/// placement retries are decided by <see cref="BasePropConnector"/> under CONTRACT §4.
/// Every request carries <c>Authorization: Bearer</c>, <c>Accept: application/json</c> and the SDK's
/// <c>User-Agent</c>; a <c>POST</c> also carries <c>Idempotency-Key</c>.
/// </remarks>
public class RestPropConnector : BasePropConnector
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    /// <summary>Creates the connector for a firm that speaks the generic REST contract.</summary>
    /// <param name="profile">The firm's code, name and defaults.</param>
    /// <param name="context">The services from dependency injection.</param>
    public RestPropConnector(PropFirmProfile profile, ConnectorContext context)
        : base((profile ?? throw new ArgumentNullException(nameof(profile))).Code, context)
    {
        Profile = profile;
        // A subclass that overrides SendOrderAsync must have it called; otherwise placements take the pooled path.
        _pooledSend = GetType().GetMethod(nameof(SendOrderAsync), BindingFlags.Instance | BindingFlags.NonPublic, [typeof(OrderRequest), typeof(CancellationToken)])?.DeclaringType == typeof(RestPropConnector);
    }

    private readonly bool _pooledSend;

    /// <summary>The firm's code, name and defaults.</summary>
    public PropFirmProfile Profile { get; }

    /// <inheritdoc />
    public override string DisplayName => Profile.DisplayName;

    /// <inheritdoc />
    protected override RawRequest? DescribeOrderRequest(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Options.BaseUrl is { Length: > 0 } baseUrl
            ? new RawRequest { Method = "POST", Url = OrdersUrl(baseUrl), Body = JsonSerializer.SerializeToElement(order, PropConnectorsJsonContext.Default.OrderRequest) }
            : null;
    }

    /// <inheritdoc />
    protected override Task<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken) =>
        SendOrderPooledAsync(order, cancellationToken).AsTask();

    internal override ValueTask<FirmReply> SendOrderCoreAsync(OrderRequest order, CancellationToken cancellationToken) =>
        _pooledSend ? SendOrderPooledAsync(order, cancellationToken) : base.SendOrderCoreAsync(order, cancellationToken);

    private ValueTask<FirmReply> SendOrderPooledAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        Endpoint endpoint = GetEndpoint();
        // The body is serialized once: the bytes sent are the bytes reported as raw_request (parsed only if read).
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(order, PropConnectorsJsonContext.Default.OrderRequest);
        var raw = new RawRequest { Method = "POST", Url = endpoint.OrdersUrl, BodyUtf8 = Utf8JsonValue.Of(body) };

        var request = new FirmRequestMessage(HttpMethod.Post, endpoint.OrdersUri);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonMediaType;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", order.ClientOrderId);
        return SendAsync(request, raw, endpoint, orderIdWhenNoOrder: null, cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken)
    {
        PropFirmOptions options = Options;
        string url = OrdersUrl(options.BaseUrl!) + "?client_order_id=" + Uri.EscapeDataString(clientOrderId);
        return SendSimpleAsync(HttpMethod.Get, url, options, orderIdWhenNoOrder: null, cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken)
    {
        PropFirmOptions options = Options;
        return SendSimpleAsync(HttpMethod.Get, OrderUrl(options.BaseUrl!, orderId), options, orderIdWhenNoOrder: null, cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken)
    {
        PropFirmOptions options = Options;
        return SendSimpleAsync(HttpMethod.Delete, OrderUrl(options.BaseUrl!, orderId), options, orderIdWhenNoOrder: orderId, cancellationToken);
    }

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

    private Task<FirmReply> SendSimpleAsync(HttpMethod method, string url, PropFirmOptions options, string? orderIdWhenNoOrder, CancellationToken cancellationToken)
    {
        Endpoint endpoint = GetEndpoint(options);
        return SendAsync(new HttpRequestMessage(method, url), new RawRequest { Method = method.Method, Url = url }, endpoint, orderIdWhenNoOrder, cancellationToken).AsTask();
    }

    private ValueTask<FirmReply> SendAsync(HttpRequestMessage request, RawRequest raw, Endpoint endpoint, string? orderIdWhenNoOrder, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation("Authorization", endpoint.Authorization);
        FirmHttpExchange exchange = orderIdWhenNoOrder is null ? endpoint.Exchange : endpoint.Exchange with { OrderIdWhenNoOrder = orderIdWhenNoOrder };
        return FirmHttp.SendCoreAsync(GetClient(), request, raw, exchange, disposeRequest: true, cancellationToken);
    }

    // The factory's clients are cheap but not free: each one runs the client's configuration (default headers parsed
    // again) and copies it into every request. One client is kept for a while, then taken afresh from the factory so
    // that its handler rotation and configuration changes still apply.
    private HttpClient GetClient()
    {
        CachedClient? cached = Volatile.Read(ref _client);
        long now = Environment.TickCount64;
        if (cached is null || now - cached.CreatedAt > ClientReuseMilliseconds)
        {
            cached = new CachedClient(Context.HttpClientFactory.CreateClient(PropConnectorsHttp.ClientName(FirmCode)), now);
            Volatile.Write(ref _client, cached);
        }

        return cached.Client;
    }

    // What a request needs from the options, computed once per options instance (a reload replaces the instance).
    private Endpoint GetEndpoint(PropFirmOptions? options = null)
    {
        options ??= Options;
        Endpoint? current = Volatile.Read(ref _endpoint);
        if (current is null || !ReferenceEquals(current.Options, options))
        {
            current = new Endpoint(options);
            Volatile.Write(ref _endpoint, current);
        }

        return current;
    }

    private const long ClientReuseMilliseconds = 60_000;

    private CachedClient? _client;
    private Endpoint? _endpoint;

    private sealed record CachedClient(HttpClient Client, long CreatedAt);

    private sealed class Endpoint(PropFirmOptions options)
    {
        public PropFirmOptions Options { get; } = options;

        public string OrdersUrl { get; } = RestPropConnector.OrdersUrl(options.BaseUrl!);

        public Uri OrdersUri => _ordersUri ??= new Uri(OrdersUrl, UriKind.Absolute);

        public string Authorization { get; } = "Bearer " + options.ApiKey;

        /// <summary>How every exchange with this configuration is read (the request it reports is passed with each call).</summary>
        public FirmHttpExchange Exchange { get; } = new()
        {
            RawRequest = new RawRequest { Method = string.Empty, Url = string.Empty },
            Secret = options.ApiKey,
            MaxResponseBytes = options.MaxResponseBytes,
        };

        private Uri? _ordersUri;
    }
}
