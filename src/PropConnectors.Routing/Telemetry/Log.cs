using Microsoft.Extensions.Logging;

namespace PropConnectors.Routing.Telemetry;

/// <summary>The routing package's log messages, with fixed event ids (2000+). No message takes a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Task {TaskId} ({EventType}, trade {TradeId}): {Details} (dry_run {DryRun}, {ElapsedMs:F1} ms)")]
    public static partial void TaskRouted(ILogger logger, string taskId, string eventType, string tradeId, string details, bool dryRun, double elapsedMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Task {TaskId} has an invalid order payload; every targeted firm answers INVALID_ORDER: {Problem}")]
    public static partial void InvalidPayload(ILogger logger, string taskId, string problem);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Task {TaskId} names firm code {FirmCode}, which no registered connector has (UNKNOWN_FIRM)")]
    public static partial void UnknownFirm(ILogger logger, string taskId, string firmCode);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Task {TaskId} goes to no firm: {Reason}")]
    public static partial void NoTarget(ILogger logger, string taskId, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Task {TaskId} at {Firm}: the connector threw {ExceptionType}; the firm answers CONNECTOR_ERROR")]
    public static partial void FirmThrew(ILogger logger, string taskId, string firm, string exceptionType);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Firm {Firm}: reading whether it is enabled threw {ExceptionType}; it is left out of tasks that name no firm")]
    public static partial void EnabledCheckFailed(ILogger logger, string firm, string exceptionType);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Task {TaskId} was cancelled by the host while being routed")]
    public static partial void TaskCancelled(ILogger logger, string taskId);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Execution service started: polling every {PollIntervalMs:F0} ms for up to {BatchSize} tasks")]
    public static partial void ServiceStarted(ILogger logger, double pollIntervalMs, int batchSize);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Error, Message = "Execution service: polling the task source threw {ExceptionType}: {Message}; polling again in {PollIntervalMs:F0} ms")]
    public static partial void PollFailed(ILogger logger, string exceptionType, string message, double pollIntervalMs);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Error, Message = "Execution service: routing task {TaskId} threw {ExceptionType}: {Message}; the service goes on with the next task")]
    public static partial void TaskFailed(ILogger logger, string taskId, string exceptionType, string message);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Error, Message = "Execution service: recording the result of task {TaskId} threw {ExceptionType}: {Message}")]
    public static partial void RecordFailed(ILogger logger, string taskId, string exceptionType, string message);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Information, Message = "Execution service stopping: finishing {Pending} task(s) already taken")]
    public static partial void Draining(ILogger logger, int pending);

    [LoggerMessage(EventId = 2025, Level = LogLevel.Warning, Message = "Execution service: the host's shutdown timeout cut task {TaskId} short; its result was not recorded")]
    public static partial void TaskAbandoned(ILogger logger, string taskId);

    [LoggerMessage(EventId = 2026, Level = LogLevel.Information, Message = "Execution service stopped")]
    public static partial void ServiceStopped(ILogger logger);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning, Message = "The {Section} configuration section could not be read ({Problem}); routing keeps its defaults for the values it could not read")]
    public static partial void RoutingConfigurationProblem(ILogger logger, string section, string problem);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Warning, Message = "Kill switch for {Firm} {Account}: {Before} -> {After}")]
    public static partial void KillSwitchChanged(ILogger logger, string firm, string account, string before, string after);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Warning, Message = "The kill switch setting {Key} is not active, reduce_only or halted: read as reduce_only")]
    public static partial void KillSwitchUnreadable(ILogger logger, string key);

    [LoggerMessage(EventId = 2042, Level = LogLevel.Warning, Message = "Daily flatten: the FlattenAt of {Firm} account {Account} is not \"HH:mm Zone\" (for example \"16:54 America/New_York\"); no daily flatten for it")]
    public static partial void FlattenAtUnreadable(ILogger logger, string firm, string account);

    [LoggerMessage(EventId = 2043, Level = LogLevel.Information, Message = "Daily flatten {TaskId}: {Details}")]
    public static partial void DailyFlatten(ILogger logger, string taskId, string details);

    [LoggerMessage(EventId = 2044, Level = LogLevel.Information, Message = "Rules for {Firm} account {Account}: {Rules}")]
    public static partial void AccountRules(ILogger logger, string firm, string account, string rules);
}
