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
    private const int MaxMessageLength = 500;
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

        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonMediaType;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", order.ClientOrderId);
        return await SendAsync(request, raw, options, ReplyShape.Order, fallbackOrderId: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken)
    {
        PropFirmOptions options = Options;
        string url = OrdersUrl(options.BaseUrl!) + "?client_order_id=" + Uri.EscapeDataString(clientOrderId);
        return SendSimpleAsync(HttpMethod.Get, url, options, ReplyShape.Order, null, cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken)
    {
        PropFirmOptions options = Options;
        return SendSimpleAsync(HttpMethod.Get, OrderUrl(options.BaseUrl!, orderId), options, ReplyShape.Order, orderId, cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken)
    {
        PropFirmOptions options = Options;
        return SendSimpleAsync(HttpMethod.Delete, OrderUrl(options.BaseUrl!, orderId), options, ReplyShape.OptionalOrder, orderId, cancellationToken);
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

    private async Task<FirmReply> SendSimpleAsync(HttpMethod method, string url, PropFirmOptions options, ReplyShape shape, string? fallbackOrderId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        var raw = new RawRequest { Method = method.Method, Url = url };
        return await SendAsync(request, raw, options, shape, fallbackOrderId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FirmReply> SendAsync(HttpRequestMessage request, RawRequest raw, PropFirmOptions options, ReplyShape shape, string? fallbackOrderId, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        HttpClient client = Context.HttpClientFactory.CreateClient(PropConnectorsHttp.ClientName(FirmCode));

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException)
        {
            return Reply(FirmReplyKind.TimedOut, $"no answer within {options.AttemptTimeout.TotalSeconds:0.###} s");
        }
        catch (OperationCanceledException)
        {
            return Reply(FirmReplyKind.TimedOut, "the request timed out");
        }
        catch (BrokenCircuitException)
        {
            return Reply(FirmReplyKind.NotSent, "its circuit breaker is open after repeated failures; nothing was sent") with { ErrorCode = ConnectorErrorCodes.FirmUnavailable };
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            return Reply(FirmReplyKind.NotSent, $"{Describe(ex.HttpRequestError)}; nothing was sent");
        }
        catch (HttpRequestException ex)
        {
            return Reply(FirmReplyKind.ConnectionLost, Describe(ex.HttpRequestError));
        }
        catch (IOException)
        {
            // A handler (or a proxy/test handler) may surface a reset after the request was written as a bare IOException:
            // the firm may have the order, so it is ambiguous, never a connector bug.
            return Reply(FirmReplyKind.ConnectionLost, "the connection was reset before the answer");
        }

        using (response)
        {
            (byte[]? body, int length, bool tooLarge, bool lost) = await ReadBodyAsync(response, options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            try
            {
                if (lost)
                {
                    return Reply(FirmReplyKind.ConnectionLost, $"the connection was lost while reading the HTTP {(int)response.StatusCode} answer") with { HttpStatus = (int)response.StatusCode };
                }

                return Classify(response, body.AsSpan(0, length), tooLarge, options, raw, shape, fallbackOrderId);
            }
            finally
            {
                if (body is not null)
                {
                    ArrayPool<byte>.Shared.Return(body);
                }
            }
        }

        FirmReply Reply(FirmReplyKind kind, string message) => new() { Kind = kind, Message = message, Request = raw };
    }

    private static FirmReply Classify(HttpResponseMessage response, ReadOnlySpan<byte> body, bool tooLarge, PropFirmOptions options, RawRequest raw, ReplyShape shape, string? fallbackOrderId)
    {
        int status = (int)response.StatusCode;
        TimeSpan? retryAfter = RetryAfter(response);

        if (tooLarge)
        {
            return new FirmReply
            {
                Kind = status is >= 200 and < 300 ? FirmReplyKind.InvalidResponse : KindOf(status),
                HttpStatus = status,
                Message = $"the answer is larger than {options.MaxResponseBytes} bytes and was not read",
                Request = raw,
                RetryAfter = retryAfter,
            };
        }

        // A firm that echoes the key back must not make it leak into results.
        JsonElement? json = ParseJson(body, options.ApiKey, out string? text);
        JsonElement? rawResponse = json ?? (text is { Length: > 0 } ? JsonSerializer.SerializeToElement(Truncate(text, 2000), PropConnectorsJsonContext.Default.String) : null);

        if (status is >= 200 and < 300)
        {
            string? orderId = ReadString(json, "order_id");
            string? orderStatus = ReadString(json, "status");
            if (orderId is not null)
            {
                return new FirmReply { Kind = FirmReplyKind.Accepted, OrderId = orderId, OrderStatus = orderStatus, HttpStatus = status, RawResponse = rawResponse, Request = raw };
            }

            if (shape == ReplyShape.OptionalOrder && (json is not null || body.IsEmpty))
            {
                return new FirmReply { Kind = FirmReplyKind.Accepted, OrderId = fallbackOrderId, OrderStatus = orderStatus, HttpStatus = status, RawResponse = rawResponse, Request = raw };
            }

            return new FirmReply
            {
                Kind = FirmReplyKind.InvalidResponse,
                HttpStatus = status,
                Message = json is null ? "the body is not JSON" : "the JSON has no order_id",
                RawResponse = rawResponse,
                Request = raw,
            };
        }

        string? message = ReadString(json, "error") ?? ReadString(json, "message") ?? (text is { Length: > 0 } ? text : null);
        return new FirmReply
        {
            Kind = KindOf(status),
            HttpStatus = status,
            Message = message is null ? null : Truncate(Clean(message), MaxMessageLength),
            RetryAfter = retryAfter,
            RawResponse = rawResponse,
            Request = raw,
        };
    }

    private static FirmReplyKind KindOf(int status) => status switch
    {
        401 or 403 => FirmReplyKind.AuthFailed,
        404 => FirmReplyKind.NotFound,
        429 => FirmReplyKind.RateLimited,
        >= 500 => FirmReplyKind.Unavailable,
        _ => FirmReplyKind.Rejected,
    };

    private static JsonElement? ParseJson(ReadOnlySpan<byte> body, string? secret, out string? text)
    {
        text = null;
        if (body.IsEmpty)
        {
            return null;
        }

        string decoded = Encoding.UTF8.GetString(body);
        string redacted = SecretRedactor.Redact(decoded, secret);
        try
        {
            using JsonDocument document = ReferenceEquals(decoded, redacted) ? JsonDocument.Parse(body.ToArray()) : JsonDocument.Parse(redacted);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            text = redacted;
            return null;
        }
    }

    private static string? ReadString(JsonElement? json, string property)
    {
        if (json is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(property, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when value.GetString() is { Length: > 0 } s => s,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date && response.Headers.Date is { } now)
        {
            TimeSpan wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static async Task<(byte[]? Buffer, int Length, bool TooLarge, bool Lost)> ReadBodyAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        long? declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            return (null, 0, true, false);
        }

        if (declared == 0)
        {
            return (null, 0, false, false);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value + 1 : 4096);
        int length = 0;
        try
        {
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > maxBytes)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            return (null, 0, true, false);
                        }

                        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0, true, false);
                    }
                }
            }

            return (buffer, length, false, false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, 0, false, true);
        }
    }

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved",
        HttpRequestError.ConnectionError => "the connection was refused or could not be made",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer",
        _ => "the connection failed (" + error + ")",
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string Clean(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                var builder = new StringBuilder(text.Length);
                foreach (char d in text)
                {
                    builder.Append(char.IsControl(d) ? ' ' : d);
                }

                return builder.ToString().Trim();
            }
        }

        return text.Trim();
    }

    private enum ReplyShape
    {
        Order,
        OptionalOrder,
    }
}
