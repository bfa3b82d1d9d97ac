using System.Text.Json;
using PropConnectors.Accounts;
using PropConnectors.Results;

namespace PropConnectors.Http;

/// <summary>Reads (account state, positions, working orders) over the firm's client.</summary>
public static partial class FirmHttp
{
    /// <summary>
    /// Sends a read and returns what it established, as <see cref="SendAsync"/> does for an order call, with the value
    /// <paramref name="read"/> takes from a 2xx JSON answer (read whole, before any excerpt is made of it). A 2xx answer
    /// that is not JSON, or from which <paramref name="read"/> gets nothing, is <see cref="FirmReplyKind.InvalidResponse"/>.
    /// </summary>
    /// <typeparam name="T">What is read.</typeparam>
    /// <param name="client">The firm's client.</param>
    /// <param name="request">The request, credentials set; handed over: it is disposed when the exchange ends.</param>
    /// <param name="exchange">How to report this exchange (its order readers are not used).</param>
    /// <param name="read">Reads the value from the answer; <see langword="null"/> when the answer does not hold one. Should not throw.</param>
    /// <param name="cancellationToken">Cancels the request; the only exception that escapes besides a bug.</param>
    /// <returns>The exchange and the value.</returns>
    public static async ValueTask<FirmRead<T>> ReadAsync<T>(HttpClient client, HttpRequestMessage request, FirmHttpExchange exchange, Func<JsonElement, T?> read, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(read);
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
            return new(TransportFailure(ex, raw), null);
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            Body body = await ReadBodyAsync(response, exchange.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            try
            {
                if (body.Lost)
                {
                    return new(new FirmReply { Kind = FirmReplyKind.ConnectionLost, Message = $"the connection was lost while reading the HTTP {status} answer", Request = raw, HttpStatus = status }, null);
                }

                if (status is < 200 or >= 300 || body.TooLarge)
                {
                    return new(Classify(response, body, exchange), null);
                }

                Decode(body.Bytes, out JsonElement? json, out _);
                T? value = json is { } answer ? read(answer) : null;
                return value is null
                    ? new(new FirmReply { Kind = FirmReplyKind.InvalidResponse, HttpStatus = status, Message = "the answer is not the expected JSON", Request = raw }, null)
                    : new(new FirmReply { Kind = FirmReplyKind.Accepted, HttpStatus = status, Request = raw }, value);
            }
            finally
            {
                body.Return();
            }
        }
    }
}
