using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PropConnectors.Results;
using PropConnectors.Routing.Telemetry;

namespace PropConnectors.Routing.Execution;

/// <summary>The telemetry of one routed task: its span, its metrics and its one Information log line.</summary>
internal sealed class TaskTelemetry(ExecutionTask task, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly long _started = time.GetTimestamp();
    private readonly Activity? _activity = Start(task);

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    // Boolean tags boxed once, not on every task.
    private static readonly object True = true;
    private static readonly object False = false;

    /// <summary>Records a finished task's metrics, span tags and log line; its <see cref="ExecutionResult.Duration"/> is set by the caller from <see cref="Elapsed"/>.</summary>
    public ExecutionResult Complete(ExecutionResult result)
    {
        KeyValuePair<string, object?> dryRun = new("dry_run", result.DryRun ? True : False);
        KeyValuePair<string, object?> routed = new("routed", result.Routed ? True : False);
        RoutingTelemetry.Tasks.Add(1, dryRun, routed);
        RoutingTelemetry.TaskDuration.Record(result.Duration.TotalSeconds, dryRun, routed);
        foreach (ConnectorResult r in result.ConnectorResults)
        {
            RoutingTelemetry.TaskResults.Add(
                1,
                new("firm", r.ErrorCode == ConnectorErrorCodes.UnknownFirm ? RoutingTelemetry.UnknownFirmTag : r.FirmCode),
                new("status", r.Status.ToWireName()),
                new("error_code", r.ErrorCode ?? string.Empty));
        }

        if (_activity is not null)
        {
            _activity.SetTag("propconnectors.dry_run", result.DryRun);
            _activity.SetTag("propconnectors.routed", result.Routed);
            _activity.SetTag("propconnectors.firm_count", result.ConnectorResults.Count);
            _activity.SetStatus(result.Routed || result.DryRun ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        }

        Log.TaskRouted(logger, result.TaskId, result.EventType ?? "-", result.TradeId ?? "-", result.Details, result.DryRun, result.Duration.TotalMilliseconds);
        return result;
    }

    public void Cancelled()
    {
        Log.TaskCancelled(logger, task.Id);
        _activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
    }

    public void Dispose() => _activity?.Dispose();

    private static Activity? Start(ExecutionTask task)
    {
        Activity? activity = RoutingTelemetry.ActivitySource.StartActivity(RoutingTelemetry.ExecuteTaskActivity, ActivityKind.Internal);
        activity?.SetTag("propconnectors.task_id", task.Id);
        activity?.SetTag("propconnectors.trade_id", task.TradeId);
        activity?.SetTag("propconnectors.event_type", task.EventType);
        return activity;
    }
}
