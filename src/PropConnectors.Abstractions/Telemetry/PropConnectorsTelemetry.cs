using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using PropConnectors.Results;

namespace PropConnectors.Telemetry;

/// <summary>
/// The names under which the SDK reports telemetry: one <see cref="System.Diagnostics.Metrics.Meter"/> name and one
/// <see cref="System.Diagnostics.ActivitySource"/> name, both <c>PropConnectors</c>. No secret is ever a tag.
/// </summary>
/// <remarks>
/// Instruments: <c>propconnectors.orders</c> (counter; tags <c>firm</c>, <c>status</c>, <c>error_code</c>),
/// <c>propconnectors.order.duration</c> (histogram, seconds; tags <c>firm</c>, <c>status</c>),
/// <c>propconnectors.calls</c> (counter of every connector call; tags <c>firm</c>, <c>operation</c>, <c>status</c>),
/// and the routing package's <c>propconnectors.tasks</c>, <c>propconnectors.task.duration</c> and
/// <c>propconnectors.task.results</c>. The README's Telemetry section lists them with their spans and log events.
/// </remarks>
public static class PropConnectorsTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>PropConnectors</c>.</summary>
    public const string Name = "PropConnectors";

    /// <summary>The SDK's version, as sent in the <c>User-Agent</c> header.</summary>
    public static string Version { get; } = ReadVersion();

    internal static readonly ActivitySource ActivitySource = new(Name, Version);
    internal static readonly Meter Meter = new(Name, Version);

    internal static readonly Counter<long> Orders =
        Meter.CreateCounter<long>("propconnectors.orders", "{order}", "Order placements by firm, status and error code.");

    internal static readonly Histogram<double> OrderDuration =
        Meter.CreateHistogram<double>("propconnectors.order.duration", "s", "Time to place one order at one firm, retries included.");

    internal static readonly Counter<long> Calls =
        Meter.CreateCounter<long>("propconnectors.calls", "{call}", "Connector calls by firm, operation and status.");

    /// <summary>
    /// Tags <paramref name="activity"/> with a connector result (<c>propconnectors.status</c>, <c>client_order_id</c>,
    /// <c>order_id</c>, <c>attempts</c>, <c>error_code</c>) and sets its status: <c>Ok</c> for <c>SUCCESS</c> and
    /// <c>SKIPPED</c>, <c>Error</c> otherwise. The connector's spans and the router's per-firm spans are tagged this way.
    /// </summary>
    /// <param name="activity">The span, or <see langword="null"/> when nobody listens.</param>
    /// <param name="result">The result.</param>
    public static void TagResult(Activity? activity, ConnectorResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("propconnectors.status", result.Status.ToWireName());
        activity.SetTag("propconnectors.client_order_id", result.ClientOrderId);
        activity.SetTag("propconnectors.order_id", result.ExternalOrderId);
        activity.SetTag("propconnectors.attempts", result.Attempts);
        activity.SetTag("propconnectors.error_code", result.ErrorCode);
        activity.SetStatus(result.Status is ConnectorStatus.Success or ConnectorStatus.Skipped ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
    }

    private static string ReadVersion()
    {
        string? informational = typeof(PropConnectorsTelemetry).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return typeof(PropConnectorsTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? informational[..plus] : informational;
    }
}
