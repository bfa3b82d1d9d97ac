namespace PropConnectors.Routing;

/// <summary>Turns one execution task into orders at every firm it is meant for (CONTRACT §7).</summary>
public interface IExecutionRouter
{
    /// <summary>Routes <paramref name="task"/> and returns one result with a connector result per targeted firm.</summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">The host's token; cancelling it is the only way an exception leaves this call.</param>
    /// <returns>The execution result; never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ExecutionResult> ExecuteAsync(ExecutionTask task, CancellationToken cancellationToken = default);
}
