using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PropConnectors.Abstractions.Tests.Support;

/// <summary>One measurement as a MeterListener saw it.</summary>
internal sealed record Measurement(string Meter, string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out object? value) ? value?.ToString() : null;
}

/// <summary>Listens to every activity source and meter in the process while a test runs (tests run one at a time).</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = static _ => true,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) => listener.EnableMeasurementEvents(instrument),
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public IReadOnlyList<Activity> Activities => [.. _stopped];

    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    /// <summary>Every text the telemetry carries: names, tag keys and values, events, baggage, status.</summary>
    public IEnumerable<string> AllText()
    {
        foreach (Activity activity in Activities)
        {
            yield return activity.DisplayName;
            yield return activity.OperationName;
            yield return activity.StatusDescription ?? string.Empty;
            foreach (KeyValuePair<string, object?> tag in activity.TagObjects)
            {
                yield return tag.Key + "=" + tag.Value;
            }

            foreach (ActivityEvent e in activity.Events)
            {
                yield return e.Name;
                foreach (KeyValuePair<string, object?> tag in e.Tags)
                {
                    yield return tag.Key + "=" + tag.Value;
                }
            }

            foreach (KeyValuePair<string, string?> item in activity.Baggage)
            {
                yield return item.Key + "=" + item.Value;
            }
        }

        foreach (Measurement measurement in Measurements)
        {
            foreach (KeyValuePair<string, object?> tag in measurement.Tags)
            {
                yield return tag.Key + "=" + tag.Value;
            }
        }
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new Measurement(instrument.Meter.Name, instrument.Name, value, copy));
    }
}
