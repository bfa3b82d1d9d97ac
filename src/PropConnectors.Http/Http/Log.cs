using Microsoft.Extensions.Logging;

namespace PropConnectors.Http;

/// <summary>The HTTP package's log messages, with fixed event ids. No message takes a header, a body or a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "{Firm}: sending {Method} {Url}")]
    public static partial void HttpRequestStart(ILogger logger, string firm, string method, string url);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "{Firm}: {Method} {Url} answered {StatusCode} in {ElapsedMs:F1} ms")]
    public static partial void HttpRequestStop(ILogger logger, string firm, string method, string url, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Debug, Message = "{Firm}: {Method} {Url} failed after {ElapsedMs:F1} ms ({ExceptionType})")]
    public static partial void HttpRequestFailed(ILogger logger, string firm, string method, string url, string exceptionType, double elapsedMs);
}
