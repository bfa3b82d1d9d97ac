using System.Buffers;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using PropConnectors.Results;

namespace PropConnectors.Http;

/// <summary>
/// The SDK's reading of HTTP for firm connectors: one call sends one request and turns whatever happens into a
/// <see cref="FirmReply"/>. <see cref="Rest.RestPropConnector"/> uses it; a connector for a firm with another API uses it
/// too, supplying its own URLs, headers, body and <see cref="FirmHttpExchange.ReadOrder"/>. It is the one place where a
/// firm's answer is decoded: bytes that are not valid UTF-8 are read as text with replacement characters, never as JSON.
/// </summary>
public static partial class FirmHttp
{
    private const int MaxMessageLength = 500;
    private const int MaxRawTextLength = 2000;

    /// <summary>The largest JSON answer kept whole in <c>raw_response</c>; a larger one is kept as a text excerpt.</summary>
    public const int MaxRawResponseBytes = 16 * 1024;

    /// <summary>
    /// Sends one request through a firm's (resilient) <see cref="HttpClient"/> and says what it established: 2xx with an
    /// order → <see cref="FirmReplyKind.Accepted"/>; 401/403 → <see cref="FirmReplyKind.AuthFailed"/>; 404 →
    /// <see cref="FirmReplyKind.NotFound"/>; 429 → <see cref="FirmReplyKind.RateLimited"/> (with <c>Retry-After</c>); 5xx →
    /// <see cref="FirmReplyKind.Unavailable"/>; other 4xx and 3xx → <see cref="FirmReplyKind.Rejected"/>; a connection that
    /// could not be made or an open circuit → <see cref="FirmReplyKind.NotSent"/>; a timeout → <see cref="FirmReplyKind.TimedOut"/>;
    /// a connection lost after sending → <see cref="FirmReplyKind.ConnectionLost"/>; a 2xx that is not the expected JSON or is
    /// larger than <see cref="FirmHttpExchange.MaxResponseBytes"/> → <see cref="FirmReplyKind.InvalidResponse"/>.
    /// </summary>
    /// <param name="client">The firm's client (from <c>IHttpClientFactory</c>, name <see cref="PropConnectorsHttp.ClientName"/>).</param>
    /// <param name="request">The request, with its credentials already set; handed over: it is disposed when the exchange ends.</param>
    /// <param name="exchange">How to report and read this exchange.</param>
    /// <param name="cancellationToken">Cancels the request; the only exception that escapes besides a bug.</param>
    /// <returns>What the exchange established.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<FirmReply> SendAsync(HttpClient client, HttpRequestMessage request, FirmHttpExchange exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(exchange);
        RawRequest raw = exchange.RawRequest;
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            return TransportFailure(ex, raw);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            Body body = await ReadBodyAsync(response, exchange.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            try
            {
                return body.Lost
                    ? new FirmReply { Kind = FirmReplyKind.ConnectionLost, Message = $"the connection was lost while reading the HTTP {status} answer", Request = raw, HttpStatus = status }
                    : Classify(response, body, exchange);
            }
            finally
            {
                body.Return();
            }
        }
    }

    // What the transport can raise for a request the caller did not cancel; anything else is a bug and escapes.
    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is TimeoutRejectedException or BrokenCircuitException or HttpRequestException or IOException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static FirmReply TransportFailure(Exception exception, RawRequest raw)
    {
        return exception switch
        {
            TimeoutRejectedException => Reply(FirmReplyKind.TimedOut, "no answer within the attempt timeout"),
            OperationCanceledException => Reply(FirmReplyKind.TimedOut, "the request timed out"),
            BrokenCircuitException => Reply(FirmReplyKind.NotSent, "its circuit breaker is open after repeated failures; nothing was sent") with { ErrorCode = ConnectorErrorCodes.FirmUnavailable },
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } ex =>
                Reply(FirmReplyKind.NotSent, $"{Describe(ex.HttpRequestError)}; nothing was sent"),
            HttpRequestException ex => Reply(FirmReplyKind.ConnectionLost, Describe(ex.HttpRequestError)),

            // A reset after the request was written may surface as a bare IOException: the firm may have the order.
            _ => Reply(FirmReplyKind.ConnectionLost, "the connection was reset before the answer"),
        };

        FirmReply Reply(FirmReplyKind kind, string message) => new() { Kind = kind, Message = message, Request = raw };
    }

    /// <summary>Reads the generic contract's order: <c>{"order_id": "...", "status": "...", "client_order_id": "..."}</c> (the id may be a string or a number).</summary>
    /// <param name="json">The answer.</param>
    /// <returns>The order, or <see langword="null"/> when the answer has no order id.</returns>
    public static FirmOrderInfo? ReadGenericOrder(JsonElement json) =>
        ReadString(json, "order_id") is { } id ? new FirmOrderInfo(id, ReadString(json, "status"), ReadString(json, "client_order_id")) : null;

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

    /// <summary>
    /// Decodes a firm's answer: as JSON when it is valid UTF-8 and valid JSON, otherwise as text (invalid UTF-8 read with
    /// replacement characters). Connectors that read JSON from other sources (a stream, a websocket) use it too.
    /// </summary>
    /// <param name="utf8">The bytes.</param>
    /// <param name="json">The JSON value, when the bytes are JSON.</param>
    /// <param name="text">The text, when they are not (<see langword="null"/> for an empty answer).</param>
    public static void Decode(ReadOnlySpan<byte> utf8, out JsonElement? json, out string? text)
    {
        json = null;
        text = null;
        if (utf8.IsEmpty)
        {
            return;
        }

        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            try
            {
                var reader = new Utf8JsonReader(utf8);
                json = JsonElement.ParseValue(ref reader);
                if (!reader.Read())
                {
                    return; // one value and nothing after it
                }
            }
            catch (JsonException)
            {
            }

            json = null;
        }

        text = Encoding.UTF8.GetString(utf8);
    }

    private static FirmReply Classify(HttpResponseMessage response, Body body, FirmHttpExchange exchange)
    {
        int status = (int)response.StatusCode;
        bool success = status is >= 200 and < 300;
        TimeSpan? retryAfter = success ? null : RetryAfter(response); // a wait only means something on a refusal
        RawRequest raw = exchange.RawRequest;

        if (body.TooLarge)
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

        Decode(body.Bytes, out JsonElement? json, out string? text);
        ReadOnlyMemory<byte> rawResponse = RawResponse(body.Bytes, json is not null, text);

        if (success)
        {
            FirmOrderInfo? order = json is { } answer ? (exchange.ReadOrder ?? ReadGenericOrder)(answer) : null;
            if (order?.OrderId is { Length: > 0 } orderId)
            {
                return new FirmReply { Kind = FirmReplyKind.Accepted, OrderId = orderId, OrderStatus = order.Value.Status, ClientOrderId = order.Value.ClientOrderId, HttpStatus = status, RawResponseUtf8 = rawResponse, Request = raw };
            }

            if (exchange.OrderIdWhenNoOrder is { } fallbackOrderId && (json is not null || body.Length == 0))
            {
                return new FirmReply { Kind = FirmReplyKind.Accepted, OrderId = fallbackOrderId, OrderStatus = order?.Status, HttpStatus = status, RawResponseUtf8 = rawResponse, Request = raw };
            }

            return new FirmReply
            {
                Kind = FirmReplyKind.InvalidResponse,
                HttpStatus = status,
                Message = json is not null ? "the JSON has no order id" : "the body is not JSON",
                RawResponseUtf8 = rawResponse,
                Request = raw,
            };
        }

        string? message = json is { } error ? (exchange.ReadError ?? ReadGenericError)(error) : text;
        return new FirmReply
        {
            Kind = KindOf(status),
            HttpStatus = status,
            Message = message is { Length: > 0 } ? Truncate(Clean(message), MaxMessageLength) : null,
            RetryAfter = retryAfter,
            RawResponseUtf8 = rawResponse,
            Request = raw,
        };
    }

    // What a result echoes of the answer: the JSON as it came when it is small, otherwise a bounded text excerpt.
    private static ReadOnlyMemory<byte> RawResponse(ReadOnlySpan<byte> bytes, bool isJson, string? text)
    {
        if (isJson && bytes.Length <= MaxRawResponseBytes)
        {
            return bytes.ToArray();
        }

        string? excerpt = text ?? (isJson ? $"(a JSON answer of {bytes.Length} bytes, not kept)" : null);
        return excerpt is null ? ReadOnlyMemory<byte>.Empty : JsonSerializer.SerializeToUtf8Bytes(Truncate(excerpt, MaxRawTextLength), HttpJsonContext.Default.String);
    }

    private static FirmReplyKind KindOf(int status) => status switch
    {
        401 or 403 => FirmReplyKind.AuthFailed,
        404 => FirmReplyKind.NotFound,
        429 => FirmReplyKind.RateLimited,
        >= 500 => FirmReplyKind.Unavailable,
        _ => FirmReplyKind.Rejected,
    };

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

    /// <summary>An answer's bytes, in a buffer rented from the shared pool (returned once the answer is read).</summary>
    private readonly record struct Body(byte[]? Buffer, int Length, bool TooLarge, bool Lost)
    {
        public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Length);

        public void Return()
        {
            if (Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Body> ReadBodyAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        long? declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            return new Body(null, 0, TooLarge: true, Lost: false);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value + 1 : 4096);
        int length = 0;
        try
        {
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return new Body(null, 0, TooLarge: true, Lost: false);
                    }

                    if (length == buffer.Length)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
            }

            return new Body(buffer, length, TooLarge: false, Lost: false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new Body(null, 0, TooLarge: false, Lost: true);
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
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }
}
