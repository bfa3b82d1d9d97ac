using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PropConnectors.Routing.Telemetry;

/// <summary>
/// The routing instruments, on the SDK's one <c>PropConnectors</c> meter and activity source. Tags hold
/// firm codes of registered connectors, statuses and error codes only: never a secret, never a value
/// from a payload (an unknown firm code is tagged <c>(unknown)</c>).
/// </summary>
internal static class RoutingTelemetry
{
    public const string ExecuteTaskActivity = "PropConnectors execute_task";
    public const string RouteFirmActivity = "PropConnectors route_firm";
    public const string UnknownFirmTag = "(unknown)";

    public static readonly Counter<long> Tasks =
        PropConnectorsTelemetry.Meter.CreateCounter<long>("propconnectors.tasks", "{task}", "Execution tasks routed, by dry_run and routed.");

    public static readonly Histogram<double> TaskDuration =
        PropConnectorsTelemetry.Meter.CreateHistogram<double>("propconnectors.task.duration", "s", "Time to route one execution task to all its firms.");

    public static readonly Counter<long> TaskResults =
        PropConnectorsTelemetry.Meter.CreateCounter<long>("propconnectors.task.results", "{result}", "Per-firm results of routed tasks, by firm, status and error code (router-made results such as UNKNOWN_FIRM and INVALID_ORDER included).");

    private static readonly IConvertible BoxedTrue = true;
    private static readonly IConvertible BoxedFalse = false;

    public static ActivitySource ActivitySource => PropConnectorsTelemetry.ActivitySource;

    /// <summary>A boolean tag value without a new box per measurement.</summary>
    public static IConvertible Box(bool value) => value ? BoxedTrue : BoxedFalse;

    public static string StatusName(ConnectorStatus status) => status switch
    {
        ConnectorStatus.Success => "SUCCESS",
        ConnectorStatus.Failed => "FAILED",
        ConnectorStatus.Retry => "RETRY",
        ConnectorStatus.Skipped => "SKIPPED",
        _ => "UNKNOWN",
    };
}
