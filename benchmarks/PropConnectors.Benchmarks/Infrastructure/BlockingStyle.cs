namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// The "blocking" option of the harnesses: orders started one by one on a dedicated thread that blocks on each, as
/// BenchmarkDotNet runs a Task-returning benchmark. The order's continuations run on I/O threads, so pooled async
/// state machines are rented on one thread and returned on another (the style where the SDK allocates the most).
/// </summary>
internal static class BlockingStyle
{
    /// <summary>Runs <paramref name="body"/> to its end on a new thread and waits for it.</summary>
    public static Task RunOnDedicatedThread(Func<Task> body)
    {
        var thread = new Thread(() => body().GetAwaiter().GetResult()) { Name = "blocking orders" };
        thread.Start();
        thread.Join();
        return Task.CompletedTask;
    }

    /// <summary><paramref name="call"/>, started and blocked on by the calling thread: the returned task is complete.</summary>
    public static Func<Task> Of(Func<Task> call) => () =>
    {
        call().GetAwaiter().GetResult();
        return Task.CompletedTask;
    };
}
