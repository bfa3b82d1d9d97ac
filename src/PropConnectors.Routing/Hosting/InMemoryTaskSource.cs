using System.Collections.Concurrent;

namespace PropConnectors.Routing.Hosting;

/// <summary>An <see cref="ITaskSource"/> in memory: tasks added with <see cref="Add"/> are handed out once, oldest first.</summary>
/// <remarks>Tasks are lost when the process stops; a host that must not lose a signal uses a durable source.</remarks>
public sealed class InMemoryTaskSource : ITaskSource
{
    private readonly ConcurrentQueue<ExecutionTask> _tasks = new();

    /// <summary>How many tasks are waiting.</summary>
    public int Count => _tasks.Count;

    /// <summary>Adds a task to be handed out by the next poll.</summary>
    /// <param name="task">The task.</param>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    public void Add(ExecutionTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _tasks.Enqueue(task);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ExecutionTask>> FetchAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        cancellationToken.ThrowIfCancellationRequested();
        List<ExecutionTask>? batch = null;
        while (batch is null || batch.Count < maxCount)
        {
            if (!_tasks.TryDequeue(out ExecutionTask? task))
            {
                break;
            }

            (batch ??= new List<ExecutionTask>(Math.Min(maxCount, 64))).Add(task);
        }

        return ValueTask.FromResult<IReadOnlyList<ExecutionTask>>(batch ?? (IReadOnlyList<ExecutionTask>)[]);
    }
}
