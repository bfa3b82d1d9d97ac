namespace PropConnectors.Routing;

/// <summary>
/// The host cancelled a task while it was routed. It is an <see cref="OperationCanceledException"/>, as CONTRACT §5 says
/// a cancellation is, and carries what is known: each firm that answered, with its result, and each firm still in
/// flight as <see cref="Results.ConnectorStatus.Unknown"/> with the client order id to look it up by.
/// </summary>
public sealed class ExecutionInterruptedException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public ExecutionInterruptedException()
        : this("The task was cancelled while it was routed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public ExecutionInterruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public ExecutionInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a task cut short.</summary>
    /// <param name="result">What is known of the task.</param>
    /// <param name="cancellationToken">The host's token that was cancelled.</param>
    public ExecutionInterruptedException(ExecutionResult result, CancellationToken cancellationToken)
        : base($"Task {result?.TaskId} was cancelled while it was routed; its result says which firms may hold an order.", null, cancellationToken)
    {
        Result = result ?? throw new ArgumentNullException(nameof(result));
    }

    /// <summary>What is known of the task when it was cut short; <see langword="null"/> when nothing was routed yet.</summary>
    public ExecutionResult? Result { get; }
}
