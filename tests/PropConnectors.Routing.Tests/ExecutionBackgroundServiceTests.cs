using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PropConnectors.Results;
using PropConnectors.Routing.Hosting;
using PropConnectors.Routing.Tests.Support;

namespace PropConnectors.Routing.Tests;

public class ExecutionBackgroundServiceTests
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task ExecuteAsync_PollInterval_PollsAtStartThenOnlyAfterTheInterval()
    {
        await using var rig = new ServiceRig();
        await rig.StartAsync();
        await rig.WaitIdleAsync();
        Assert.That(rig.Source.Fetches, Is.EqualTo(1), "first poll at start");

        rig.Source.Add(Tasks.Create("t1"));
        rig.Time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.That(rig.Source.Fetches, Is.EqualTo(1), "no poll before the interval");

        rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        ExecutionLogEntry entry = await rig.Log.NextAsync();
        await rig.WaitIdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rig.Source.Fetches, Is.EqualTo(2));
            Assert.That(entry.Task.Id, Is.EqualTo("t1"));
            Assert.That(rig.Router.Routed, Is.EqualTo(new[] { "t1" }));
        });
    }

    [Test]
    public async Task ExecuteAsync_MoreTasksThanBatchSize_OneBatchPerPoll()
    {
        await using var rig = new ServiceRig(o => o.BatchSize = 20);
        for (int i = 0; i < 45; i++)
        {
            rig.Source.Add(Tasks.Create("t" + i));
        }

        await rig.StartAsync();
        await rig.WaitIdleAsync();
        Assert.That(rig.Log.Count, Is.EqualTo(20));

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.WaitIdleAsync();
        Assert.That(rig.Log.Count, Is.EqualTo(40));

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.WaitIdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rig.Log.Count, Is.EqualTo(45));
            Assert.That(rig.Source.MaxCounts, Is.All.EqualTo(20));
            Assert.That(rig.Router.Routed, Is.EqualTo(Enumerable.Range(0, 45).Select(i => "t" + i)), "in order, one at a time");
        });
    }

    [Test]
    public async Task ExecuteAsync_RouterThrowsForOneTask_RecordedAsFailureAndLoopGoesOn()
    {
        await using var rig = new ServiceRig();
        rig.Router.ThrowFor.Add("bad");
        rig.Source.Add(Tasks.Create("good-1"));
        rig.Source.Add(Tasks.Create("bad"));
        rig.Source.Add(Tasks.Create("good-2"));

        await rig.StartAsync();
        await rig.WaitIdleAsync();
        rig.Source.Add(Tasks.Create("good-3"));
        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.WaitIdleAsync();

        ExecutionLogEntry bad = rig.Log.Entries.Single(e => e.Task.Id == "bad");
        Assert.Multiple(() =>
        {
            Assert.That(rig.Log.Entries.Select(e => e.Task.Id), Is.EqualTo(new[] { "good-1", "bad", "good-2", "good-3" }));
            Assert.That(bad.Result.Routed, Is.False);
            Assert.That(bad.Result.ConnectorResults, Is.Empty);
            Assert.That(bad.Result.DryRun, Is.True);
            Assert.That(bad.Result.Details, Does.StartWith("not routed: the router failed unexpectedly (InvalidOperationException)"));
            Assert.That(rig.Logs.GetSnapshot().Count(r => r.Id.Id == 2022 && r.Level == LogLevel.Error), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ExecuteAsync_SourceThrows_PollsAgainAfterTheInterval()
    {
        await using var rig = new ServiceRig();
        rig.Source.FailNext = true;
        rig.Source.Add(Tasks.Create("t1"));

        await rig.StartAsync();
        await rig.WaitIdleAsync();
        Assert.That(rig.Log.Count, Is.Zero);

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.WaitIdleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rig.Log.Entries.Select(e => e.Task.Id), Is.EqualTo(new[] { "t1" }));
            Assert.That(rig.Logs.GetSnapshot().Count(r => r.Id.Id == 2021), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ExecuteAsync_LogThrows_NextTaskStillRouted()
    {
        await using var rig = new ServiceRig();
        rig.Log.FailFor.Add("t1");
        rig.Source.Add(Tasks.Create("t1"));
        rig.Source.Add(Tasks.Create("t2"));

        await rig.StartAsync();
        await rig.WaitIdleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(rig.Router.Routed, Is.EqualTo(new[] { "t1", "t2" }));
            Assert.That(rig.Log.Entries.Select(e => e.Task.Id), Is.EqualTo(new[] { "t2" }));
            Assert.That(rig.Logs.GetSnapshot().Count(r => r.Id.Id == 2023), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task EnqueueAsync_WhileIdle_RoutedWithoutWaitingForThePoll()
    {
        await using var rig = new ServiceRig();
        await rig.StartAsync();
        await rig.WaitIdleAsync();

        await rig.Queue.EnqueueAsync(Tasks.Create("pushed"));
        ExecutionLogEntry entry = await rig.Log.NextAsync();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Task.Id, Is.EqualTo("pushed"));
            Assert.That(rig.Source.Fetches, Is.EqualTo(1), "no extra poll: the clock did not move");
        });
    }

    [Test]
    public async Task StopAsync_TaskInFlight_WaitsForItAndQueuedTasksThenTakesNoMore()
    {
        await using var rig = new ServiceRig();
        await rig.StartAsync();
        await rig.WaitIdleAsync();
        rig.Router.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await rig.Queue.EnqueueAsync(Tasks.Create("in-flight"));
        await rig.Router.Reached.Reader.ReadAsync().AsTask().WaitAsync(SignalTimeout);
        await rig.Queue.EnqueueAsync(Tasks.Create("queued"));
        Task stopping = rig.Service.StopAsync(CancellationToken.None);
        Assert.That(stopping.IsCompleted, Is.False, "stopping waits for the task in flight");

        rig.Router.Gate.SetResult();
        await stopping.WaitAsync(SignalTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(rig.Log.Entries.Select(e => e.Task.Id), Is.EqualTo(new[] { "in-flight", "queued" }));
            Assert.That(rig.Router.Cancelled, Is.Zero);
            Assert.That(rig.Queue.TryEnqueue(Tasks.Create("late")), Is.False);
            Assert.That(async () => await rig.Queue.EnqueueAsync(Tasks.Create("late")), Throws.InvalidOperationException);
            Assert.That(rig.Source.Fetches, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task StopAsync_ShutdownTimeoutRunsOut_InFlightTaskCancelledAndNotRecorded()
    {
        await using var rig = new ServiceRig();
        await rig.StartAsync();
        await rig.WaitIdleAsync();
        rig.Router.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await rig.Queue.EnqueueAsync(Tasks.Create("slow"));
        await rig.Router.Reached.Reader.ReadAsync().AsTask().WaitAsync(SignalTimeout);
        using var shutdown = new CancellationTokenSource();
        Task stopping = rig.Service.StopAsync(shutdown.Token);
        await shutdown.CancelAsync();
        await stopping.WaitAsync(SignalTimeout);
        await rig.Service.ExecuteTask!.WaitAsync(SignalTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(rig.Router.Cancelled, Is.EqualTo(1));
            Assert.That(rig.Log.Count, Is.Zero);
            Assert.That(rig.Logs.GetSnapshot().Count(r => r.Id.Id == 2025), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task StopAsync_ShutdownTimeoutRunsOutUnderAnOrder_RecordedWithTheFirmInFlightUnknown()
    {
        await using var rig = new ServiceRig();
        await rig.StartAsync();
        await rig.WaitIdleAsync();
        rig.Router.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Router.InterruptWithResult = true;

        await rig.Queue.EnqueueAsync(Tasks.Create("cut-short"));
        await rig.Router.Reached.Reader.ReadAsync().AsTask().WaitAsync(SignalTimeout);
        using var shutdown = new CancellationTokenSource();
        Task stopping = rig.Service.StopAsync(shutdown.Token);
        await shutdown.CancelAsync();
        await stopping.WaitAsync(SignalTimeout);
        await rig.Service.ExecuteTask!.WaitAsync(SignalTimeout);

        ExecutionLogEntry recorded = await rig.Log.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Task.Id, Is.EqualTo("cut-short"));
            Assert.That(recorded.Result.ConnectorResults.Single().Status, Is.EqualTo(ConnectorStatus.Unknown));
            Assert.That(recorded.Result.ConnectorResults.Single().ClientOrderId, Is.EqualTo("pc-in-flight"));
            Assert.That(rig.Log.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Host_AddRoutingService_PushedTaskRoutedByRealRouterInDryRun()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(RouterHarness.FirmSettings(live: false));
        builder.Services.AddPropConnectors().AddFtmo().AddApex().AddRoutingService();
        using IHost host = builder.Build();
        var log = host.Services.GetRequiredService<InMemoryExecutionLog>();
        var recorded = new TaskCompletionSource<ExecutionLogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        log.Recorded += (_, entry) => recorded.TrySetResult(entry);

        await host.StartAsync();
        await host.Services.GetRequiredService<ITaskQueue>().EnqueueAsync(Tasks.Create("webhook-1"));
        ExecutionLogEntry entry = await recorded.Task.WaitAsync(SignalTimeout);
        await host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Result.TaskId, Is.EqualTo("webhook-1"));
            Assert.That(entry.Result.DryRun, Is.True);
            Assert.That(entry.Result.ConnectorResults.Select(r => r.Status), Is.All.EqualTo(ConnectorStatus.Skipped));
            Assert.That(log.FindLatest("webhook-1"), Is.SameAs(entry.Result));
        });
    }

    [Test]
    public async Task InMemoryExecutionLog_OverCapacity_KeepsLatest()
    {
        var log = new InMemoryExecutionLog(new FakeTimeProvider(), capacity: 2);
        foreach (string id in new[] { "a", "b", "c" })
        {
            await log.RecordAsync(Tasks.Create(id), new ExecutionResult { TaskId = id, DryRun = true, Routed = false, Details = "d", ConnectorResults = [] }, CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(log.Entries.Select(e => e.Task.Id), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(log.FindLatest("a"), Is.Null);
        });
    }

    [Test]
    public async Task InMemoryTaskSource_Fetch_HandsOutEachTaskOnceUpToMax()
    {
        var source = new InMemoryTaskSource();
        source.Add(Tasks.Create("a"));
        source.Add(Tasks.Create("b"));
        source.Add(Tasks.Create("c"));

        IReadOnlyList<ExecutionTask> first = await source.FetchAsync(2, CancellationToken.None);
        IReadOnlyList<ExecutionTask> second = await source.FetchAsync(2, CancellationToken.None);
        IReadOnlyList<ExecutionTask> third = await source.FetchAsync(2, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(t => t.Id), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(second.Select(t => t.Id), Is.EqualTo(new[] { "c" }));
            Assert.That(third, Is.Empty);
        });
    }

    /// <summary>The service wired by AddRoutingService, with a scripted router, source and log and a fake clock.</summary>
    private sealed class ServiceRig : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly SemaphoreSlim _idle = new(0);
        private bool _started;

        public ServiceRig(Action<RoutingOptions>? configure = null)
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(Time);
            services.AddLogging(b => b.AddFakeLogging());
            services.AddSingleton<IExecutionRouter>(Router);
            services.AddSingleton<ITaskSource>(Source);
            services.AddSingleton<IExecutionLog>(Log);
            services.AddPropConnectors().AddRoutingService(configure);
            _services = services.BuildServiceProvider();
            Service = _services.GetServices<IHostedService>().OfType<ExecutionBackgroundService>().Single();
            Service.Idle += (_, _) => _idle.Release();
        }

        public FakeTimeProvider Time { get; } = new();

        public ScriptedRouter Router { get; } = new();

        public ScriptedSource Source { get; } = new();

        public ScriptedLog Log { get; } = new();

        public ExecutionBackgroundService Service { get; }

        public ITaskQueue Queue => _services.GetRequiredService<ITaskQueue>();

        public FakeLogCollector Logs => _services.GetFakeLogCollector();

        public Task StartAsync()
        {
            _started = true;
            return Service.StartAsync(CancellationToken.None);
        }

        public async Task WaitIdleAsync()
        {
            Assert.That(await _idle.WaitAsync(SignalTimeout), Is.True, "the service did not become idle");
        }

        public async ValueTask DisposeAsync()
        {
            if (_started)
            {
                Router.Gate?.TrySetResult();
                await Service.StopAsync(CancellationToken.None).WaitAsync(SignalTimeout);
            }

            await _services.DisposeAsync();
            _idle.Dispose();
        }
    }

    private sealed class ScriptedRouter : IExecutionRouter
    {
        private readonly ConcurrentQueue<string> _routed = new();
        private int _cancelled;

        public HashSet<string> ThrowFor { get; } = [];

        public TaskCompletionSource? Gate { get; set; }

        public bool InterruptWithResult { get; set; }

        public Channel<string> Reached { get; } = Channel.CreateUnbounded<string>();

        public string[] Routed => [.. _routed];

        public int Cancelled => Volatile.Read(ref _cancelled);

        public async Task<ExecutionResult> ExecuteAsync(ExecutionTask task, CancellationToken cancellationToken = default)
        {
            _routed.Enqueue(task.Id);
            Reached.Writer.TryWrite(task.Id);
            if (ThrowFor.Contains(task.Id))
            {
                throw new InvalidOperationException("router bug");
            }

            if (Gate is { } gate)
            {
                try
                {
                    await gate.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _cancelled);
                    if (InterruptWithResult)
                    {
                        // As the real router does: what is known, the firm in flight UNKNOWN with its client order id.
                        ConnectorResult inFlight = ConnectorResult.Unknown("FTMO", ConnectorErrorCodes.Timeout, "The host stopped before FTMO answered.", "pc-in-flight");
                        throw new ExecutionInterruptedException(new ExecutionResult { TaskId = task.Id, DryRun = false, Routed = false, Details = "interrupted", ConnectorResults = [inFlight] }, cancellationToken);
                    }

                    throw;
                }
            }

            return new ExecutionResult { TaskId = task.Id, DryRun = true, Routed = false, Details = ExecutionRouter.DryRunDetails, ConnectorResults = [] };
        }
    }

    private sealed class ScriptedSource : ITaskSource
    {
        private readonly InMemoryTaskSource _inner = new();
        private readonly ConcurrentQueue<int> _maxCounts = new();

        public bool FailNext { get; set; }

        public int Fetches => _maxCounts.Count;

        public int[] MaxCounts => [.. _maxCounts];

        public void Add(ExecutionTask task) => _inner.Add(task);

        public ValueTask<IReadOnlyList<ExecutionTask>> FetchAsync(int maxCount, CancellationToken cancellationToken)
        {
            _maxCounts.Enqueue(maxCount);
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("database is down");
            }

            return _inner.FetchAsync(maxCount, cancellationToken);
        }
    }

    private sealed class ScriptedLog : IExecutionLog
    {
        private readonly InMemoryExecutionLog _inner = new(TimeProvider.System);
        private readonly Channel<ExecutionLogEntry> _recorded = Channel.CreateUnbounded<ExecutionLogEntry>();

        public ScriptedLog() => _inner.Recorded += (_, entry) => _recorded.Writer.TryWrite(entry);

        public HashSet<string> FailFor { get; } = [];

        public IReadOnlyList<ExecutionLogEntry> Entries => _inner.Entries;

        public int Count => _inner.Entries.Count;

        public async Task<ExecutionLogEntry> NextAsync() => await _recorded.Reader.ReadAsync().AsTask().WaitAsync(SignalTimeout);

        public ValueTask RecordAsync(ExecutionTask task, ExecutionResult result, CancellationToken cancellationToken) =>
            FailFor.Contains(task.Id) ? throw new InvalidOperationException("disk full") : _inner.RecordAsync(task, result, cancellationToken);
    }
}
