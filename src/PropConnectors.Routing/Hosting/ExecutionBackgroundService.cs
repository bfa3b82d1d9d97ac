using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropConnectors.Routing.Telemetry;
using PropConnectors.Configuration;

namespace PropConnectors.Routing.Hosting;

/// <summary>
/// The execution router as a hosted service: it polls an <see cref="ITaskSource"/> every
/// <see cref="RoutingOptions.PollInterval"/> for up to <see cref="RoutingOptions.BatchSize"/> tasks, routes
/// tasks pushed through <see cref="ITaskQueue"/> as soon as it is free, and records every result in an
/// <see cref="IExecutionLog"/>. Register it with <c>AddPropConnectors().AddRoutingService()</c>.
/// </summary>
/// <remarks>
/// <para>Tasks are routed one at a time, in the order they arrive (the firms of one task are still called
/// concurrently), so that a trade's exit can never overtake its entry. The first poll happens at start;
/// the next one <see cref="RoutingOptions.PollInterval"/> after a poll's batch is finished.</para>
/// <para>One bad task never stops the loop: a router or log that throws is logged, and a router failure is
/// recorded as a result without connector results. On shutdown the service takes no new task from the source,
/// finishes the batch it holds and the tasks already pushed, and records their results; only the host's
/// shutdown timeout (<c>HostOptions.ShutdownTimeout</c>) cuts that short, and then the task it cut short is still
/// recorded with what is known: each firm that had not answered as <c>UNKNOWN</c> with its client order id.</para>
/// </remarks>
public sealed class ExecutionBackgroundService : BackgroundService
{
    private readonly IExecutionRouter _router;
    private readonly ITaskSource _source;
    private readonly IExecutionLog _log;
    private readonly ExecutionQueue _queue;
    private readonly IOptionsMonitor<PropConnectorsOptions> _globalOptions;
    private readonly RoutingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();

    // How long an interrupted task's result may take to be recorded once the shutdown timeout has run out.
    private static readonly TimeSpan InterruptedRecordTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Creates the service.</summary>
    /// <param name="router">The router.</param>
    /// <param name="source">The task source polled.</param>
    /// <param name="log">The execution log.</param>
    /// <param name="queue">The push queue.</param>
    /// <param name="globalOptions">The global options (the dry-run gate, reported on a failed task).</param>
    /// <param name="options">The routing options.</param>
    /// <param name="timeProvider">The clock of the poll interval.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    public ExecutionBackgroundService(
        IExecutionRouter router,
        ITaskSource source,
        IExecutionLog log,
        ExecutionQueue queue,
        IOptionsMonitor<PropConnectorsOptions> globalOptions,
        IOptions<RoutingOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null)
    {
        _router = router ?? throw new ArgumentNullException(nameof(router));
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _globalOptions = globalOptions ?? throw new ArgumentNullException(nameof(globalOptions));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("PropConnectors.Routing.ExecutionService");
    }

    /// <summary>Raised when the service is idle, waiting for the next poll or a pushed task (a seam for tests).</summary>
    internal event EventHandler? Idle;

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown timeout is the one thing that cuts in-flight work short.
        CancellationTokenRegistration registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort);
        await using (registration.ConfigureAwait(false))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        // The registration may be removed before its callback ran (the base class resumes on the same cancellation).
        if (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _abort.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.ServiceStarted(_logger, _options.PollInterval.TotalMilliseconds, _options.BatchSize);
        CancellationToken abort = _abort.Token;
        try
        {
            DateTimeOffset nextPoll = _timeProvider.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                await DrainQueueAsync(abort).ConfigureAwait(false);

                if (_timeProvider.GetUtcNow() >= nextPoll && !stoppingToken.IsCancellationRequested)
                {
                    IReadOnlyList<ExecutionTask>? batch = await FetchAsync(stoppingToken).ConfigureAwait(false);
                    if (batch is not null)
                    {
                        if (stoppingToken.IsCancellationRequested)
                        {
                            Log.Draining(_logger, batch.Count + _queue.Count);
                        }

                        foreach (ExecutionTask task in batch)
                        {
                            await ProcessAsync(task, abort).ConfigureAwait(false);
                            await DrainQueueAsync(abort).ConfigureAwait(false);
                        }
                    }

                    nextPoll = _timeProvider.GetUtcNow() + _options.PollInterval;
                }

                TimeSpan wait = nextPoll - _timeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
                {
                    await WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                }
            }

            // Stopping: take no more tasks, route the ones already pushed.
            _queue.Complete();
            if (_queue.Count > 0)
            {
                Log.Draining(_logger, _queue.Count);
            }

            await DrainQueueAsync(abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out; what was not finished is logged where it was cut.
        }
        finally
        {
            _queue.Complete();
            Log.ServiceStopped(_logger);
        }
    }

    private async Task<IReadOnlyList<ExecutionTask>?> FetchAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await _source.FetchAsync(_options.BatchSize, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // A failing source must not stop the loop: it is polled again after the interval.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.PollFailed(_logger, ex.GetType().FullName ?? ex.GetType().Name, ex.Message, _options.PollInterval.TotalMilliseconds);
            return null;
        }
    }

    private async Task DrainQueueAsync(CancellationToken abort)
    {
        while (_queue.Reader.TryRead(out ExecutionTask? task))
        {
            await ProcessAsync(task, abort).ConfigureAwait(false);
        }
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task delay = Task.Delay(wait, _timeProvider, cts.Token);
        Task<bool> pushed = _queue.Reader.WaitToReadAsync(cts.Token).AsTask();
        Idle?.Invoke(this, EventArgs.Empty);
        await Task.WhenAny(delay, pushed).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
    }

    private async Task ProcessAsync(ExecutionTask? task, CancellationToken abort)
    {
        if (task is null)
        {
            return;
        }

        ExecutionResult result;
        try
        {
            result = await _router.ExecuteAsync(task, abort).ConfigureAwait(false);
        }
        catch (ExecutionInterruptedException interrupted) when (abort.IsCancellationRequested && interrupted.Result is { } known)
        {
            // Cut short by the shutdown timeout under an order: what is known (firms in flight UNKNOWN, with their client
            // order ids) is recorded, within a bound of its own, before the service gives up.
            Log.TaskAbandoned(_logger, task.Id);
            using var recording = new CancellationTokenSource(InterruptedRecordTimeout, _timeProvider);
            await RecordAsync(task, known, recording.Token).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            Log.TaskAbandoned(_logger, task.Id);
            throw;
        }
#pragma warning disable CA1031 // One bad task never stops the loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.TaskFailed(_logger, task.Id, ex.GetType().FullName ?? ex.GetType().Name, ex.Message);
            result = new ExecutionResult
            {
                TaskId = task.Id,
                TradeId = task.TradeId,
                EventType = task.EventType,
                DryRun = _globalOptions.CurrentValue.DryRun,
                Routed = false,
                Details = $"not routed: the router failed unexpectedly ({ex.GetType().Name}); check the firms by client_order_id before routing the task again.",
                ConnectorResults = [],
            };
        }

        await RecordAsync(task, result, abort).ConfigureAwait(false);
    }

    private async Task RecordAsync(ExecutionTask task, ExecutionResult result, CancellationToken cancellationToken)
    {
        try
        {
            await _log.RecordAsync(task, result, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.TaskAbandoned(_logger, task.Id);
            throw;
        }
#pragma warning disable CA1031 // One bad task never stops the loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RecordFailed(_logger, task.Id, ex.GetType().FullName ?? ex.GetType().Name, ex.Message);
        }
    }
}
