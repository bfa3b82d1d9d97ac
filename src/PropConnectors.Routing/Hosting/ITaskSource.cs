namespace PropConnectors.Routing.Hosting;

/// <summary>
/// Where the background service finds tasks to route (for example a table of pending tasks). The
/// service polls it every <see cref="RoutingOptions.PollInterval"/> for up to <see cref="RoutingOptions.BatchSize"/> tasks.
/// </summary>
/// <remarks>
/// A task handed out should not be handed out again once its result is recorded (<see cref="IExecutionLog"/>).
/// Handing a task out twice never places a second order (the client order id is derived from the task id),
/// but it does send the firms a second request.
/// </remarks>
public interface ITaskSource
{
    /// <summary>Takes up to <paramref name="maxCount"/> tasks that are waiting to be routed, oldest first.</summary>
    /// <param name="maxCount">The most tasks to return.</param>
    /// <param name="cancellationToken">Cancelled when the service stops.</param>
    /// <returns>The tasks; empty when none is waiting.</returns>
    ValueTask<IReadOnlyList<ExecutionTask>> FetchAsync(int maxCount, CancellationToken cancellationToken);
}

/// <summary>Where the background service records each task's result (for example an execution log table).</summary>
public interface IExecutionLog
{
    /// <summary>Records the result of a routed task.</summary>
    /// <param name="task">The task.</param>
    /// <param name="result">Its result.</param>
    /// <param name="cancellationToken">Cancelled only when the host's shutdown timeout runs out.</param>
    /// <returns>A task that completes when the result is recorded.</returns>
    ValueTask RecordAsync(ExecutionTask task, ExecutionResult result, CancellationToken cancellationToken);
}

/// <summary>
/// The push path into the background service, for hosts that receive signals (for example by webhook):
/// an enqueued task is routed as soon as the service is free, without waiting for the next poll.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue: first in, first out.")]
public interface ITaskQueue
{
    /// <summary>Queues a task; waits while the queue is full (<see cref="RoutingOptions.QueueCapacity"/>).</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the task is queued.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The background service has stopped and takes no more tasks.</exception>
    ValueTask EnqueueAsync(ExecutionTask task, CancellationToken cancellationToken = default);

    /// <summary>Queues a task if there is room.</summary>
    /// <param name="task">The task.</param>
    /// <returns><see langword="false"/> when the queue is full or the service has stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    bool TryEnqueue(ExecutionTask task);
}
