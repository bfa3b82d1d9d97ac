using System.Diagnostics;
using PropConnectors.Telemetry;

namespace PropConnectors.Routing.Tests.Support;

internal static class Spans
{
    /// <summary>Records every stopped span of the SDK's activity source into <paramref name="into"/> until disposed.</summary>
    public static ActivityListener Listen(List<Activity> into)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PropConnectorsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (into)
                {
                    into.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
