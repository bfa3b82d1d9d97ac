using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PropConnectors.Security;

namespace PropConnectors.Http;

/// <summary>
/// The innermost handler of a firm's client, under its resilience pipeline: logs each request at Debug (method, URL up
/// to the path, status, time and exception type; never a header, a query, a body or an exception message), and replaces
/// a transport exception whose text quotes a secret (a proxy quoting the request) by one of the same kind with the secret
/// masked, before the pipeline's telemetry or a connector sees it.
/// </summary>
internal sealed class FirmHttpHandler(string firmCode, ILogger logger, Func<SecretSet> secrets) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        string? url = logger.IsEnabled(LogLevel.Debug) ? request.RequestUri?.GetLeftPart(UriPartial.Path) : null;
        if (url is not null)
        {
            Log.HttpRequestStart(logger, firmCode, request.Method.Method, url);
        }

        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (url is not null)
            {
                int status = (int)response.StatusCode;
                double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Log.HttpRequestStop(logger, firmCode, request.Method.Method, url, status, elapsed);
            }

            return response;
        }
        catch (Exception ex)
        {
            if (url is not null)
            {
                string type = ex.GetType().Name;
                double elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Log.HttpRequestFailed(logger, firmCode, request.Method.Method, url, type, elapsed);
            }

            SecretSet known = secrets();
            if (!known.IsIn(ex.ToString()))
            {
                throw;
            }

            string message = known.MaskText(ex.Message) ?? string.Empty;
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
