namespace PropConnectors.SandboxFirm.Internal;

/// <summary>A thread-safe counter whose readers can wait for it to reach a value (a signal, not a poll).</summary>
internal sealed class CountSignal
{
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Signal)> _waiters = [];
    private long _count;

    public void Increment()
    {
        List<TaskCompletionSource>? release = null;
        lock (_gate)
        {
            _count++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= _count)
                {
                    (release ??= []).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        release?.ForEach(signal => signal.TrySetResult());
    }

    /// <summary>Back to zero; waiters keep waiting for their count from zero.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _count = 0;
        }
    }

    public Task WaitAsync(int target, CancellationToken cancellationToken)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (_count >= target)
            {
                return Task.CompletedTask;
            }

            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, signal));
        }

        return signal.Task.WaitAsync(cancellationToken);
    }
}
