namespace PropConnectors;

/// <summary>
/// Transport exceptions whose text carries a firm's API key (a proxy or custom handler quoting the request) are replaced
/// by one of the same kind with the key masked, before the resilience pipeline's telemetry, a log or a connector sees
/// them. <see cref="FirmResilienceHandler"/> applies it to what the firm's client raises; <see cref="Rest.FirmHttp"/> to
/// what escapes a call it makes.
/// </summary>
internal static class SecretScrubbing
{
    /// <summary><paramref name="exception"/> itself when its text does not quote <paramref name="secret"/>, otherwise a masked copy.</summary>
    public static Exception Scrub(Exception exception, string? secret) =>
        Quotes(exception, secret) ? Masked(exception, secret!) : exception;

    /// <summary>Whether the exception's text (message, inner exceptions, stack) contains the secret.</summary>
    public static bool Quotes(Exception exception, string? secret) =>
        secret is { Length: >= 4 } && exception.ToString().Contains(secret, StringComparison.Ordinal);

    private static Exception Masked(Exception exception, string secret)
    {
        string message = SecretRedactor.Redact(exception.Message, secret);
        return exception switch
        {
            OperationCanceledException canceled => new OperationCanceledException(message, null, canceled.CancellationToken),
            HttpRequestException http => new HttpRequestException(http.HttpRequestError, message, null, http.StatusCode),
            IOException => new IOException(message),
            _ => new InvalidOperationException($"{exception.GetType().Name}: {message}"),
        };
    }
}

/// <summary>
/// A request made by the SDK's own connectors. <see cref="Rest.FirmHttp"/> reads every exception such a request raises
/// (and scrubs what escapes), so <see cref="FirmResilienceHandler"/> sends it with no scrubbing layer of its own: one
/// async state machine fewer per order.
/// </summary>
internal sealed class FirmRequestMessage(HttpMethod method, Uri requestUri) : HttpRequestMessage(method, requestUri);
