using Microsoft.Extensions.Logging;

namespace PropConnectors;

/// <summary>The package's log messages, with fixed event ids. No message takes a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Firm {Firm} is disabled by its configuration: {Problem}")]
    public static partial void FirmConfigurationProblem(ILogger logger, string firm, string problem);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Key} is not one of 1/true/yes/on or 0/false/no/off; the dry-run gate stays ON (no order will be sent).")]
    public static partial void UnrecognisedDryRunValue(ILogger logger, string key);

    [LoggerMessage(EventId = 1010, Message = "{Operation} at {Firm}: {Status} {ErrorCode} (client_order_id {ClientOrderId}, order_id {OrderId}, attempts {Attempts}, {ElapsedMs:F1} ms)")]
    public static partial void CallCompleted(ILogger logger, LogLevel level, string operation, string firm, string status, string? errorCode, string? clientOrderId, string? orderId, int attempts, double elapsedMs);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "{Firm} order {ClientOrderId}: attempt {Attempt} answered {Reply} (HTTP {HttpStatus})")]
    public static partial void AttemptFailed(ILogger logger, string firm, string clientOrderId, int attempt, FirmReplyKind reply, int? httpStatus);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "{Firm} order {ClientOrderId}: looked it up after {Reply}; the firm answered {Lookup}")]
    public static partial void LookedUp(ILogger logger, string firm, string clientOrderId, FirmReplyKind reply, FirmReplyKind lookup);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error, Message = "{Operation} at {Firm} threw {ExceptionType}: {Message}")]
    public static partial void ConnectorThrew(ILogger logger, string operation, string firm, string exceptionType, string message);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "{Firm}: sending {Method} {Url}")]
    public static partial void HttpRequestStart(ILogger logger, string firm, string method, string? url);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "{Firm}: {Method} {Url} answered {StatusCode} in {ElapsedMs:F1} ms")]
    public static partial void HttpRequestStop(ILogger logger, string firm, string method, string? url, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Debug, Message = "{Firm}: {Method} {Url} failed after {ElapsedMs:F1} ms ({ExceptionType})")]
    public static partial void HttpRequestFailed(ILogger logger, string firm, string method, string? url, string exceptionType, double elapsedMs);
}
