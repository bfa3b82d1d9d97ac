using System.Diagnostics.Metrics;
using PropConnectors.Telemetry;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// A <see cref="MeterListener"/> enabled on every instrument of the SDK's <c>PropConnectors</c> meter, as an
/// OpenTelemetry or Prometheus exporter would be: the SDK's counters and histograms record for real (tags included),
/// and the listener adds each measurement up.
/// </summary>
internal static class MetricsSink
{
    private static readonly Lock Gate = new();
    private static MeterListener? s_listener;
    private static long s_measurements;

    /// <summary>Measurements received since <see cref="Start"/>.</summary>
    public static long Measurements => Interlocked.Read(ref s_measurements);

    /// <summary>Starts listening (once per process).</summary>
    public static void Start()
    {
        lock (Gate)
        {
            if (s_listener is not null)
            {
                return;
            }

            var listener = new MeterListener
            {
                InstrumentPublished = static (instrument, l) =>
                {
                    if (instrument.Meter.Name == PropConnectorsTelemetry.Name)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => Interlocked.Increment(ref s_measurements));
            listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => Interlocked.Increment(ref s_measurements));
            listener.Start();
            s_listener = listener;
        }
    }
}
