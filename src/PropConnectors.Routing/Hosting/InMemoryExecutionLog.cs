namespace PropConnectors.Routing.Hosting;

/// <summary>An <see cref="IExecutionLog"/> in memory that keeps the latest <see cref="Capacity"/> entries.</summary>
public sealed class InMemoryExecutionLog : IExecutionLog
{
    private readonly Queue<ExecutionLogEntry> _entries = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a log that keeps the latest 10,000 entries.</summary>
    public InMemoryExecutionLog()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates a log.</summary>
    /// <param name="timeProvider">The clock of <see cref="ExecutionLogEntry.RecordedAt"/>.</param>
    /// <param name="capacity">The most entries kept; older ones are dropped.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public InMemoryExecutionLog(TimeProvider timeProvider, int capacity = 10_000)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>The entries, oldest first (a copy).</summary>
    public IReadOnlyList<ExecutionLogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Raised after an entry is recorded.</summary>
    public event EventHandler<ExecutionLogEntry>? Recorded;

    /// <summary>Finds the latest result of a task.</summary>
    /// <param name="taskId">The task id.</param>
    /// <returns>The latest result, or <see langword="null"/>.</returns>
    public ExecutionResult? FindLatest(string taskId)
    {
        lock (_lock)
        {
            ExecutionResult? found = null;
            foreach (ExecutionLogEntry entry in _entries)
            {
                if (string.Equals(entry.Task.Id, taskId, StringComparison.Ordinal))
                {
                    found = entry.Result;
                }
            }

            return found;
        }
    }

    /// <inheritdoc />
    public ValueTask RecordAsync(ExecutionTask task, ExecutionResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(result);
        var entry = new ExecutionLogEntry(task, result, _timeProvider.GetUtcNow());
        lock (_lock)
        {
            _entries.Enqueue(entry);
            while (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }
        }

        Recorded?.Invoke(this, entry);
        return ValueTask.CompletedTask;
    }
}

/// <summary>One recorded task and its result.</summary>
/// <param name="Task">The task.</param>
/// <param name="Result">Its result.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record ExecutionLogEntry(ExecutionTask Task, ExecutionResult Result, DateTimeOffset RecordedAt);
