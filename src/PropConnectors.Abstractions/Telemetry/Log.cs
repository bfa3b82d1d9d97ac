using Microsoft.Extensions.Logging;

namespace PropConnectors.Telemetry;

/// <summary>The package's log messages, with fixed event ids. No message takes a secret; texts that may quote one are masked first.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Firm {Firm} is disabled by its configuration: {Problem}")]
    public static partial void FirmConfigurationProblem(ILogger logger, string firm, string problem);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Key} is not one of 1/true/yes/on or 0/false/no/off; the dry-run gate stays ON (no order will be sent).")]
    public static partial void UnrecognisedDryRunValue(ILogger logger, string key);

    [LoggerMessage(EventId = 1010, Message = "{Operation} at {Firm}: {Status} {ErrorCode} (client_order_id {ClientOrderId}, order_id {OrderId}, attempts {Attempts}, {ElapsedMs:F1} ms)")]
    public static partial void CallCompleted(ILogger logger, LogLevel level, string operation, string firm, string status, string errorCode, string clientOrderId, string orderId, int attempts, double elapsedMs);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "{Firm} order {ClientOrderId}: attempt {Attempt} answered {Reply} (HTTP {HttpStatus})")]
    public static partial void AttemptFailed(ILogger logger, string firm, string clientOrderId, int attempt, FirmReplyKind reply, int? httpStatus);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "{Firm} order {ClientOrderId}: looked it up after {Reply}; the firm answered {Lookup}")]
    public static partial void LookedUp(ILogger logger, string firm, string clientOrderId, FirmReplyKind reply, FirmReplyKind lookup);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error, Message = "{Operation} at {Firm} threw {ExceptionType}: {Message}")]
    public static partial void ConnectorThrew(ILogger logger, string operation, string firm, string exceptionType, string message);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "{Firm} order {ClientOrderId}: RETRY ({ErrorCode}) after {Attempts} order requests; round {Round} ended, the next starts in {DelayMs:F0} ms with the same client_order_id")]
    public static partial void ReAttempting(ILogger logger, string firm, string clientOrderId, string? errorCode, int attempts, int round, double delayMs);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "{Firm} order {ClientOrderId}: still RETRY after {Attempts} order requests; the ceiling of {Ceiling} is reached")]
    public static partial void CeilingReached(ILogger logger, string firm, string clientOrderId, int attempts, int ceiling);
}
