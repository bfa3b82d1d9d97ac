using System.Diagnostics;
using System.Diagnostics.Metrics;
using PropConnectors.Telemetry;

namespace PropConnectors.Routing.Telemetry;

/// <summary>
/// The routing instruments and spans, under the SDK's one meter and activity source name, <c>PropConnectors</c>. Tags
/// hold firm codes of registered connectors, statuses and error codes only: never a secret, never a value from a payload
/// (an unknown firm code is tagged <c>(unknown)</c>).
/// </summary>
internal static class RoutingTelemetry
{
    public const string ExecuteTaskActivity = "PropConnectors execute_task";
    public const string RouteFirmActivity = "PropConnectors route_firm";
    public const string UnknownFirmTag = "(unknown)";

    public static readonly ActivitySource ActivitySource = new(PropConnectorsTelemetry.Name, PropConnectorsTelemetry.Version);

    private static readonly Meter Meter = new(PropConnectorsTelemetry.Name, PropConnectorsTelemetry.Version);

    public static readonly Counter<long> Tasks =
        Meter.CreateCounter<long>("propconnectors.tasks", "{task}", "Execution tasks routed, by dry_run and routed.");

    public static readonly Histogram<double> TaskDuration =
        Meter.CreateHistogram<double>("propconnectors.task.duration", "s", "Time to route one execution task to all its firms.");

    public static readonly Counter<long> TaskResults =
        Meter.CreateCounter<long>("propconnectors.task.results", "{result}", "Per-firm results of routed tasks, by firm, status and error code (router-made results such as UNKNOWN_FIRM and INVALID_ORDER included).");

    /// <summary>Kill switch changes made at run time, by scope (<c>global</c>, <c>firm</c>, <c>account</c>) and the new state.</summary>
    public static readonly Counter<long> KillSwitchChanges =
        Meter.CreateCounter<long>("propconnectors.kill_switch.changes", "{change}", "Kill switch changes made at run time, by scope and state.");
}
