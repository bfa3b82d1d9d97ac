using Microsoft.Extensions.Time.Testing;

namespace PropConnectors.Abstractions.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells a test which timers the code under test armed, so a
/// test can wait until the code is parked on a delay before it moves the clock. Nothing ever sleeps.
/// </summary>
internal sealed class TestClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _armed = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestClock()
        : base(new DateTimeOffset(2025, 11, 22, 14, 30, 0, TimeSpan.Zero))
    {
    }

    /// <summary>
    /// Moves the wall clock (<see cref="GetUtcNow"/>) only, as an NTP correction or a manual change does: timers and the
    /// monotonic timestamps go on as they were.
    /// </summary>
    public TimeSpan WallClockOffset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + WallClockOffset;

    // FakeTimeProvider derives its timestamps from GetUtcNow (one tick per tick): from the clock before the offset.
    public override long GetTimestamp() => base.GetUtcNow().Ticks;

    /// <summary>Every due time a timer was armed with, in order.</summary>
    public IReadOnlyList<TimeSpan> Armed
    {
        get
        {
            lock (_gate)
            {
                return [.. _armed];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        Record(dueTime);
        return new TrackedTimer(this, timer);
    }

    /// <summary>Waits (in real time, bounded) until a timer has been armed <paramref name="occurrence"/> times with a due time matching <paramref name="match"/>; returns that due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, int occurrence = 1)
    {
        using var timeout = new CancellationTokenSource(TestHost.RealTimeLimit);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                List<TimeSpan> matching = [.. _armed.Where(match)];
                if (matching.Count >= occurrence)
                {
                    return matching[occurrence - 1];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.That(Armed.Count(match), Is.GreaterThanOrEqualTo(occurrence), $"timers armed so far: {string.Join(", ", Armed)}");
                throw;
            }
        }
    }

    /// <summary>Waits until a timer with exactly <paramref name="dueTime"/> is armed.</summary>
    public Task<TimeSpan> WaitForTimerAsync(TimeSpan dueTime, int occurrence = 1) => WaitForTimerAsync(d => d == dueTime, occurrence);

    private void Record(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        TaskCompletionSource previous;
        lock (_gate)
        {
            _armed.Add(dueTime);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private sealed class TrackedTimer(TestClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool changed = inner.Change(dueTime, period);
            clock.Record(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
