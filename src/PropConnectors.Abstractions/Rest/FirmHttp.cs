using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using PropConnectors.Serialization;

namespace PropConnectors.Rest;

/// <summary>An order as a firm's answer names it.</summary>
/// <param name="OrderId">The firm's order id.</param>
/// <param name="Status">The firm's order status, if it said one.</param>
public readonly record struct FirmOrderInfo(string OrderId, string? Status);

/// <summary>How to report and read one HTTP exchange with a firm (see <see cref="FirmHttp.SendAsync"/>).</summary>
public sealed record FirmHttpExchange
{
    /// <summary>What is reported as sent (method, URL, body); never a secret.</summary>
    public required RawRequest RawRequest { get; init; }

    /// <summary>The API key, removed from the firm's answer wherever it appears (a firm that echoes it must not leak it).</summary>
    public string? Secret { get; init; }

    /// <summary>The largest answer read; a larger one is <see cref="FirmReplyKind.InvalidResponse"/>. 1 MiB by default.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Reads the order from a 2xx JSON answer; <see langword="null"/>: the generic contract's <see cref="FirmHttp.ReadGenericOrder"/>.</summary>
    public Func<JsonElement, FirmOrderInfo?>? ReadOrder { get; init; }

    /// <summary>Reads the error text from a non-2xx JSON answer; <see langword="null"/>: <see cref="FirmHttp.ReadGenericError"/>.</summary>
    public Func<JsonElement, string?>? ReadError { get; init; }

    /// <summary>When set, a 2xx without an order (for example a cancel answered 204) is accepted as this order id.</summary>
    public string? OrderIdWhenNoOrder { get; init; }
}

/// <summary>
/// The SDK's reading of HTTP for firm connectors: one call sends one request and turns whatever happens into a
/// <see cref="FirmReply"/>. <see cref="RestPropConnector"/> uses it; a third-party connector for a firm with another
/// API uses it too, supplying its own URLs, headers, body and <see cref="FirmHttpExchange.ReadOrder"/>.
/// </summary>
public static class FirmHttp
{
    private const int MaxMessageLength = 500;

    /// <summary>
    /// Sends one request through a firm's (resilient) <see cref="HttpClient"/> and says what it established, the way
    /// the SDK reads HTTP: 2xx with an order → <see cref="FirmReplyKind.Accepted"/>; 401/403 → <see cref="FirmReplyKind.AuthFailed"/>;
    /// 404 → <see cref="FirmReplyKind.NotFound"/>; 429 → <see cref="FirmReplyKind.RateLimited"/> (with <c>Retry-After</c>);
    /// 5xx → <see cref="FirmReplyKind.Unavailable"/>; other 4xx and 3xx → <see cref="FirmReplyKind.Rejected"/>; a connection that
    /// could not be made or an open circuit → <see cref="FirmReplyKind.NotSent"/>; a timeout → <see cref="FirmReplyKind.TimedOut"/>;
    /// a connection lost after sending → <see cref="FirmReplyKind.ConnectionLost"/>; a 2xx that is not the expected JSON or is
    /// larger than <see cref="FirmHttpExchange.MaxResponseBytes"/> → <see cref="FirmReplyKind.InvalidResponse"/>.
    /// The firm's answer is redacted of <see cref="FirmHttpExchange.Secret"/> before it reaches the reply, and an
    /// exception it does not turn into a reply is rethrown with the secret masked if its text quotes it.
    /// </summary>
    /// <param name="client">The firm's client (from <c>IHttpClientFactory</c>, name <see cref="PropConnectorsHttp.ClientName"/>).</param>
    /// <param name="request">The request, with its credentials already set. Not disposed here.</param>
    /// <param name="exchange">How to report and read this exchange.</param>
    /// <param name="cancellationToken">Cancels the request; the only exception that escapes.</param>
    /// <returns>What the exchange established.</returns>
    public static Task<FirmReply> SendAsync(HttpClient client, HttpRequestMessage request, FirmHttpExchange exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(exchange);
        return SendCoreAsync(client, request, exchange.RawRequest, exchange, disposeRequest: false, cancellationToken).AsTask();
    }

    /// <summary>
    /// <see cref="SendAsync"/> for the SDK's own connectors, which hand the request over (<paramref name="disposeRequest"/>):
    /// one pooled async method from the connector to <see cref="HttpClient"/>, so an order that waits on the network
    /// allocates no state machine here.
    /// </summary>
    /// <remarks><paramref name="raw"/> is reported as sent, whatever <paramref name="exchange"/> says: a connector can keep one exchange per configuration.</remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    internal static async ValueTask<FirmReply> SendCoreAsync(HttpClient client, HttpRequestMessage request, RawRequest raw, FirmHttpExchange exchange, bool disposeRequest, CancellationToken cancellationToken)
    {
        try
        {
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                if (SecretScrubbing.Quotes(ex, exchange.Secret))
                {
                    throw SecretScrubbing.Scrub(ex, exchange.Secret);
                }

                throw;
            }
            catch (TimeoutRejectedException)
            {
                return Reply(FirmReplyKind.TimedOut, "no answer within the attempt timeout");
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
            catch (Exception ex) when (SecretScrubbing.Quotes(ex, exchange.Secret))
            {
                // Anything else goes up to the connector (CONNECTOR_ERROR), but never with the key in its text.
                throw SecretScrubbing.Scrub(ex, exchange.Secret);
            }

            using (response)
            {
                (byte[]? body, int length, bool tooLarge, bool lost) = await ReadBodyAsync(response, exchange.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (lost)
                    {
                        return Reply(FirmReplyKind.ConnectionLost, $"the connection was lost while reading the HTTP {(int)response.StatusCode} answer") with { HttpStatus = (int)response.StatusCode };
                    }

                    return Classify(response, body.AsSpan(0, length), tooLarge, raw, exchange);
                }
                finally
                {
                    if (body is not null)
                    {
                        ArrayPool<byte>.Shared.Return(body);
                    }
                }
            }
        }
        finally
        {
            if (disposeRequest)
            {
                request.Dispose();
            }
        }

        FirmReply Reply(FirmReplyKind kind, string message) => new() { Kind = kind, Message = message, Request = raw };
    }

    private static FirmReply Classify(HttpResponseMessage response, ReadOnlySpan<byte> body, bool tooLarge, RawRequest raw, FirmHttpExchange exchange)
    {
        int status = (int)response.StatusCode;
        bool success = status is >= 200 and < 300;
        TimeSpan? retryAfter = success ? null : RetryAfter(response); // a wait only means something on a refusal

        if (tooLarge)
        {
            return new FirmReply
            {
                Kind = success ? FirmReplyKind.InvalidResponse : KindOf(status),
                HttpStatus = status,
                Message = $"the answer is larger than {exchange.MaxResponseBytes} bytes and was not read",
                Request = raw,
                RetryAfter = retryAfter,
            };
        }

        Answer answer = Read(body, exchange, success);
        Utf8JsonValue answerJson = answer.Utf8.IsUtf8
            ? answer.Utf8
            : Utf8JsonValue.Of(answer.Json ?? (answer.Text is { Length: > 0 } text ? JsonSerializer.SerializeToElement(Truncate(text, 2000), PropConnectorsJsonContext.Default.String) : null));
        bool isJson = answer.Json is not null || answer.Utf8.IsUtf8;

        if (success)
        {
            FirmOrderInfo? order = answer.Order;
            string? orderId = order?.OrderId is { Length: > 0 } id ? id : null;
            string? orderStatus = order?.Status;
            if (orderId is not null)
            {
                return new FirmReply { Kind = FirmReplyKind.Accepted, OrderId = orderId, OrderStatus = orderStatus, HttpStatus = status, RawResponseUtf8 = answerJson, Request = raw };
            }

            if (exchange.OrderIdWhenNoOrder is { } fallbackOrderId && (isJson || body.IsEmpty))
            {
                return new FirmReply { Kind = FirmReplyKind.Accepted, OrderId = fallbackOrderId, OrderStatus = orderStatus, HttpStatus = status, RawResponseUtf8 = answerJson, Request = raw };
            }

            return new FirmReply
            {
                Kind = FirmReplyKind.InvalidResponse,
                HttpStatus = status,
                Message = isJson ? "the JSON has no order id" : "the body is not JSON",
                RawResponseUtf8 = answerJson,
                Request = raw,
            };
        }

        string? message = answer.Error ?? (answer.Text is { Length: > 0 } t ? t : null);
        return new FirmReply
        {
            Kind = KindOf(status),
            HttpStatus = status,
            Message = message is null ? null : Truncate(Clean(message), MaxMessageLength),
            RetryAfter = retryAfter,
            RawResponseUtf8 = answerJson,
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

    /// <summary>What an answer says, read once: as JSON (bytes kept for the generic contract, an element for custom readers) or as text.</summary>
    private readonly record struct Answer(JsonElement? Json, Utf8JsonValue Utf8, string? Text, FirmOrderInfo? Order, string? Error);

    private static Answer Read(ReadOnlySpan<byte> body, FirmHttpExchange exchange, bool success)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        // A firm that echoes the key back must not make it leak into results: such an answer is read as redacted text.
        string? secret = exchange.Secret;
        bool echoesSecret = secret is { Length: >= 4 } && ContainsUtf8(body, secret);
        bool generic = exchange.ReadOrder is null && exchange.ReadError is null;
        if (generic && !echoesSecret)
        {
            // The generic contract is read straight from the bytes; no document is built unless someone asks for raw_response.
            return GenericAnswer.TryRead(body, out GenericAnswer fields)
                ? new Answer(null, Utf8JsonValue.Of(body.ToArray()), null, fields.OrderId is { } id ? new FirmOrderInfo(id, fields.Status) : null, fields.Error ?? fields.Message)
                : new Answer(null, default, Encoding.UTF8.GetString(body), null, null);
        }

        string decoded = Encoding.UTF8.GetString(body);
        string redacted = SecretRedactor.Redact(decoded, secret);
        JsonElement json;
        try
        {
            using JsonDocument document = ReferenceEquals(decoded, redacted) ? JsonDocument.Parse(body.ToArray()) : JsonDocument.Parse(redacted);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new Answer(null, default, redacted, null, null);
        }

        // A 2xx is read for its order and anything else for its error text, each by the connector's reader when it has one.
        return success
            ? new Answer(json, default, null, (exchange.ReadOrder ?? ReadGenericOrder)(json), null)
            : new Answer(json, default, null, null, (exchange.ReadError ?? ReadGenericError)(json));
    }

    private static bool ContainsUtf8(ReadOnlySpan<byte> body, string secret)
    {
        int length = Encoding.UTF8.GetMaxByteCount(secret.Length);
        byte[]? rented = length > 256 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[256];
        try
        {
            int written = Encoding.UTF8.GetBytes(secret, utf8);
            return body.IndexOf(utf8[..written]) >= 0;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads the generic contract's order: <c>{"order_id": "...", "status": "..."}</c> (the id may be a string or a number).</summary>
    /// <param name="json">The answer.</param>
    /// <returns>The order, or <see langword="null"/> when the answer has no order id.</returns>
    public static FirmOrderInfo? ReadGenericOrder(JsonElement json) =>
        ReadString(json, "order_id") is { } id ? new FirmOrderInfo(id, ReadString(json, "status")) : null;

    /// <summary>Reads the generic contract's error text: <c>{"error": "..."}</c> or <c>{"message": "..."}</c>.</summary>
    /// <param name="json">The answer.</param>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public static string? ReadGenericError(JsonElement json) => ReadString(json, "error") ?? ReadString(json, "message");

    /// <summary>Reads a string property of a JSON object; a number is returned as its text.</summary>
    /// <param name="json">The object.</param>
    /// <param name="property">The property name.</param>
    /// <returns>The value, or <see langword="null"/> when absent, empty or of another kind.</returns>
    public static string? ReadString(JsonElement? json, string property)
    {
        ArgumentNullException.ThrowIfNull(property);
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

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<(byte[]? Buffer, int Length, bool TooLarge, bool Lost)> ReadBodyAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
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
}
