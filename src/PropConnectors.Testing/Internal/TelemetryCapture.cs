using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using PropConnectors.Telemetry;

namespace PropConnectors.Testing.Internal;

/// <summary>
/// Records, as text, everything that leaves a connector besides its results: log lines at every level (message,
/// state values, scopes, exceptions), activities (names, tags, events, status) and metric tags. The kit searches it
/// for the API key (CONTRACT §9). The firm's own server-side telemetry (ASP.NET Core, Kestrel) is not recorded.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ConcurrentQueue<CapturedText> _texts = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = static source => !IsServerSide(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = OnActivityStopped,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (!IsServerSide(instrument.Meter.Name))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, _, tags, _) => OnMeasurement(instrument, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, _, tags, _) => OnMeasurement(instrument, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => OnMeasurement(instrument, tags));
        _meters.SetMeasurementEventCallback<float>((instrument, _, tags, _) => OnMeasurement(instrument, tags));
        _meters.SetMeasurementEventCallback<decimal>((instrument, _, tags, _) => OnMeasurement(instrument, tags));
        _meters.SetMeasurementEventCallback<short>((instrument, _, tags, _) => OnMeasurement(instrument, tags));
        _meters.SetMeasurementEventCallback<byte>((instrument, _, tags, _) => OnMeasurement(instrument, tags));
        _meters.Start();
    }

    /// <summary>Everything recorded so far.</summary>
    public IReadOnlyCollection<CapturedText> Texts => _texts;

    /// <summary>The log lines recorded so far, for a failing test's output.</summary>
    public IEnumerable<string> LogLines => _texts.Where(t => t.Kind == CapturedKind.Log).Select(t => t.Text);

    public ILoggerProvider CreateLoggerProvider() => new Provider(this);

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private static bool IsServerSide(string name) =>
        name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);

    private void OnActivityStopped(Activity activity)
    {
        var text = new StringBuilder();
        text.Append(activity.Source.Name).Append(": ").Append(activity.DisplayName).Append(" (").Append(activity.OperationName).Append(')');
        if (activity.StatusDescription is { } status)
        {
            text.Append(" status=").Append(status);
        }

        foreach (KeyValuePair<string, object?> tag in activity.TagObjects)
        {
            text.Append(' ').Append(tag.Key).Append('=').Append(Format(tag.Value));
        }

        foreach (KeyValuePair<string, string?> item in activity.Baggage)
        {
            text.Append(" baggage ").Append(item.Key).Append('=').Append(item.Value);
        }

        foreach (ActivityEvent activityEvent in activity.Events)
        {
            text.Append(" event ").Append(activityEvent.Name);
            foreach (KeyValuePair<string, object?> tag in activityEvent.Tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(Format(tag.Value));
            }
        }

        _texts.Enqueue(new CapturedText(CapturedKind.Activity, text.ToString()));
    }

    private void OnMeasurement(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return;
        }

        var text = new StringBuilder();
        text.Append(instrument.Meter.Name).Append(": ").Append(instrument.Name);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            text.Append(' ').Append(tag.Key).Append('=').Append(Format(tag.Value));
        }

        _texts.Enqueue(new CapturedText(CapturedKind.Metric, text.ToString()));
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? string.Empty,
    };

    private static string FormatScope(object? scope) => scope is IEnumerable<KeyValuePair<string, object?>> values
        ? scope + " " + string.Join(" ", values.Select(v => v.Key + "=" + Format(v.Value)))
        : Format(scope);

    private void OnLog<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter, IReadOnlyList<string> scopes)
    {
        var text = new StringBuilder();
        text.Append('[').Append(level).Append("] ").Append(category).Append(" (").Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append(") ");
        text.Append(formatter(state, exception));
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (KeyValuePair<string, object?> value in values)
            {
                text.Append(" | ").Append(value.Key).Append('=').Append(Format(value.Value));
            }
        }

        foreach (string scope in scopes)
        {
            text.Append(" | scope ").Append(scope);
        }

        if (exception is not null)
        {
            text.Append(" | exception ").Append(exception);
        }

        _texts.Enqueue(new CapturedText(CapturedKind.Log, text.ToString()));
    }

    private sealed class Provider(TelemetryCapture capture) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(capture, categoryName, this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        // The container disposes its providers; the capture outlives the container.
        public void Dispose()
        {
        }

        private sealed class Logger(TelemetryCapture capture, string category, Provider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                provider._scopes.ForEachScope(static (scope, list) => list.Add(FormatScope(scope)), scopes);
                capture.OnLog(category, logLevel, eventId, state, exception, formatter, scopes);
            }
        }
    }
}

/// <summary>Where a captured text came from.</summary>
internal enum CapturedKind
{
    Log,
    Activity,
    Metric,
}

/// <summary>One captured log line, activity or measurement, as text.</summary>
internal sealed record CapturedText(CapturedKind Kind, string Text);
