using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace PropConnectors;

/// <summary>
/// The HTTP log of a firm's client, replacing the HttpClient factory's default loggers: method, URL, status and
/// time only. The default loggers put every header into the log state unredacted (only their formatted message
/// honours <c>RedactLoggedHeaders</c>), and a firm may echo the key in a response header; this one logs no header,
/// no body and no exception message.
/// </summary>
internal sealed class FirmHttpLogger(string firmCode, ILogger logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string? url = Url(request);
            Log.HttpRequestStart(logger, firmCode, request.Method.Method, url);
        }

        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string? url = Url(request);
            Log.HttpRequestStop(logger, firmCode, request.Method.Method, url, (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
    }

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
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
