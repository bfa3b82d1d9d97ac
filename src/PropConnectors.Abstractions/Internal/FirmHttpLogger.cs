using Microsoft.Extensions.Logging;

namespace PropConnectors;

/// <summary>
/// The HTTP log of a firm's client (written by <see cref="FirmResilienceHandler"/>; the HttpClient factory's default
/// loggers are removed): method, URL up to the path, status and time only. The default loggers put every header into
/// the log state unredacted, and a firm may echo the key in a response header; this one logs no header, no query, no
/// body and no exception message.
/// </summary>
internal sealed class FirmHttpLogger(string firmCode, ILogger logger)
{
    public void LogRequestStart(HttpRequestMessage request)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string? url = Url(request);
            Log.HttpRequestStart(logger, firmCode, request.Method.Method, url);
        }
    }

    public void LogRequestStop(HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string? url = Url(request);
            Log.HttpRequestStop(logger, firmCode, request.Method.Method, url, (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    public void LogRequestFailed(HttpRequestMessage request, Exception exception, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string? url = Url(request);
            string exceptionType = exception.GetType().Name;
            Log.HttpRequestFailed(logger, firmCode, request.Method.Method, url, exceptionType, elapsed.TotalMilliseconds);
        }
    }

    // Scheme, host and path: the query holds only a client order id, but nothing beyond the path is needed here.
    private static string? Url(HttpRequestMessage request) => request.RequestUri?.GetLeftPart(UriPartial.Path);
}
