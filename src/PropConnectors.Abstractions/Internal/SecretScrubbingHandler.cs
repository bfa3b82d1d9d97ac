namespace PropConnectors;

/// <summary>
/// Sits inside a firm's resilience pipeline, around the transport: an exception whose text carries the firm's
/// API key (a proxy or custom handler quoting the request) is replaced by one of the same kind with the key
/// masked, before the pipeline's telemetry or the connector sees it.
/// </summary>
internal sealed class SecretScrubbingHandler(Func<string?> secret) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (secret() is { Length: >= 4 } key && ex.ToString().Contains(key, StringComparison.Ordinal))
        {
            string message = SecretRedactor.Redact(ex.Message, key);
            throw ex switch
            {
                OperationCanceledException canceled => new OperationCanceledException(message, null, canceled.CancellationToken),
                HttpRequestException http => new HttpRequestException(http.HttpRequestError, message, null, http.StatusCode),
                IOException => new IOException(message),
                _ => new InvalidOperationException($"{ex.GetType().Name}: {message}"),
            };
        }
    }
}
