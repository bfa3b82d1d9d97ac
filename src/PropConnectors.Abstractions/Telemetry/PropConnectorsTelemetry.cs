using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace PropConnectors;

/// <summary>
/// The names under which the SDK reports telemetry: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both named <c>PropConnectors</c>. No secret is ever a tag.
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
