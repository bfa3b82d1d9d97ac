using System.Buffers;
using System.Net;
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
    }

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
    protected override async Task<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        PropFirmOptions options = Options;
        string url = OrdersUrl(options.BaseUrl!);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(order, PropConnectorsJsonContext.Default.OrderRequest);
        using JsonDocument bodyDocument = JsonDocument.Parse(body);
        var raw = new RawRequest { Method = "POST", Url = url, Body = bodyDocument.RootElement.Clone() };

        var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonMediaType;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", order.ClientOrderId);
        return await SendAsync(request, raw, options, orderIdWhenNoOrder: null, cancellationToken).ConfigureAwait(false);
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

    private Task<FirmReply> SendSimpleAsync(HttpMethod method, string url, PropFirmOptions options, string? orderIdWhenNoOrder, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(method, url), new RawRequest { Method = method.Method, Url = url }, options, orderIdWhenNoOrder, cancellationToken);

    private async Task<FirmReply> SendAsync(HttpRequestMessage request, RawRequest raw, PropFirmOptions options, string? orderIdWhenNoOrder, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            HttpClient client = Context.HttpClientFactory.CreateClient(PropConnectorsHttp.ClientName(FirmCode));
            var exchange = new FirmHttpExchange
            {
                RawRequest = raw,
                Secret = options.ApiKey,
                MaxResponseBytes = options.MaxResponseBytes,
                OrderIdWhenNoOrder = orderIdWhenNoOrder,
            };
            return await FirmHttp.SendAsync(client, request, exchange, cancellationToken).ConfigureAwait(false);
        }
    }
}
