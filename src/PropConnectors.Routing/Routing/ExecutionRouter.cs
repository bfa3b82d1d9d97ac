using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using PropConnectors.Routing.Internal;
using PropConnectors.Routing.Telemetry;

namespace PropConnectors.Routing;

/// <summary>
/// Routes one execution task to every firm it is meant for (CONTRACT §7): builds each firm's order,
/// applies the global dry-run gate, places the orders concurrently, re-attempts <see cref="ConnectorStatus.Retry"/>
/// results under a ceiling, and returns one <see cref="ExecutionResult"/>.
/// </summary>
/// <remarks>
/// <para>Per firm, in this order: an invalid payload → <see cref="ConnectorErrorCodes.InvalidOrder"/>; a code no
/// connector has → <see cref="ConnectorErrorCodes.UnknownFirm"/>; the dry-run gate on →
/// <see cref="ConnectorStatus.Skipped"/> / <see cref="ConnectorErrorCodes.GlobalDryRunEnabled"/> with the order that
/// would have been sent; then the connector's own checks (not configured, unsupported symbol, position limit) and
/// the placement.</para>
/// <para>No exception escapes except <see cref="OperationCanceledException"/> when the caller's token is cancelled.
/// One firm's failure, slowness or exception never changes another firm's result.</para>
/// </remarks>
public sealed class ExecutionRouter : IExecutionRouter
{
    /// <summary>The <see cref="ExecutionResult.Details"/> of a task routed while the dry-run gate is on.</summary>
    public const string DryRunDetails = "dry-run: no external order sent";

    private static readonly ResiliencePropertyKey<FirmAttempts> AttemptsKey = new("PropConnectors.Routing.FirmAttempts");

    private readonly IPropConnectorRegistry _registry;
    private readonly IOptionsMonitor<PropConnectorsOptions> _globalOptions;
    private readonly RoutingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<ConnectorResult> _reAttempts;

    /// <summary>Creates the router; hosts resolve it as <see cref="IExecutionRouter"/> after <c>AddPropConnectors().AddRouting()</c>.</summary>
    /// <param name="registry">The registered connectors.</param>
    /// <param name="globalOptions">The global options; the dry-run gate is read once per task.</param>
    /// <param name="options">The routing options (read once, at construction).</param>
    /// <param name="timeProvider">The clock of backoff delays and durations.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The routing options are out of range.</exception>
    public ExecutionRouter(
        IPropConnectorRegistry registry,
        IOptionsMonitor<PropConnectorsOptions> globalOptions,
        IOptions<RoutingOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _globalOptions = globalOptions ?? throw new ArgumentNullException(nameof(globalOptions));
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        ValidateOptionsResult validation = new RoutingOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RoutingOptions), validation.Failures);
        }

        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("PropConnectors.Routing.ExecutionRouter");
        _reAttempts = BuildReAttemptPipeline(_options, timeProvider, _logger);
    }

    /// <inheritdoc />
    public Task<ExecutionResult> ExecuteAsync(ExecutionTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ExecutionResult>(cancellationToken);
        }

        // Everything up to the firms' calls runs synchronously; a task whose calls all complete synchronously (the
        // dry-run path) finishes without an async state machine. Activity.Current is restored before returning early.
        long started = _timeProvider.GetTimestamp();
        Activity? parent = Activity.Current;
        Activity? activity = RoutingTelemetry.ActivitySource.StartActivity(RoutingTelemetry.ExecuteTaskActivity, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("propconnectors.task_id", task.Id);
            activity.SetTag("propconnectors.trade_id", task.TradeId);
            activity.SetTag("propconnectors.event_type", task.EventType);
        }

        var state = new TaskState(task, _globalOptions.CurrentValue.DryRun, TaskPayload.Read(task.Payload), started, activity);
        ValueTask pending;
        ValueTask<ConnectorResult> single;
        BasePropConnector.RoutedPlacement flight;
        bool waiting;
        try
        {
            pending = Start(state, out waiting, out single, out flight, cancellationToken);
        }
        catch
        {
            activity?.Dispose();
            throw;
        }

        if (!waiting)
        {
            return Task.FromResult(Complete(state));
        }

        if (activity is not null)
        {
            Activity.Current = parent;
        }

        return state.OnlyConnector is null
            ? CompleteAsync(pending, single, state, cancellationToken).AsTask()
            : CompleteOnlyFirmAsync(flight, single, state, cancellationToken).AsTask();
    }

    /// <returns>
    /// What to wait for when several firms are pending; <paramref name="single"/> is the call of a one-firm task that is
    /// pending, or <paramref name="flight"/> its first order request in flight (see <see cref="TaskState.HandOver"/>).
    /// </returns>
    private ValueTask Start(TaskState state, out bool waiting, out ValueTask<ConnectorResult> single, out BasePropConnector.RoutedPlacement flight, CancellationToken cancellationToken)
    {
        waiting = false;
        single = default;
        flight = default;
        TaskPayload payload = state.Payload;
        if (payload.FirmCodesError is { } firmCodesError)
        {
            state.NoTarget = "invalid task: " + firmCodesError;
            return default;
        }

        RoutingTarget[] targets = RoutingRules.Select(payload.FirmCodes, _registry, _logger, out int unreadable);
        if (targets.Length == 0)
        {
            state.NoTarget = unreadable > 0
                ? "no firm is enabled (the configuration of some firms could not be read; see the logs)."
                : "no firm is enabled: enable one ({FIRM}_ENABLED=true or PropConnectors:Firms:{FIRM}:Enabled=true) or name firms in firm_codes.";
            return default;
        }

        if (payload.OrderError is { } orderError)
        {
            Log.InvalidPayload(_logger, state.Task.Id, orderError);
        }

        var results = new ConnectorResult[targets.Length];
        state.Results = results;
        Task<ConnectorResult>?[]? pending = null;
        int pendingCount = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            RoutingTarget target = targets[i];
            // Each live call of a task with several firms runs on its own, so a connector that blocks cannot hold up the
            // others; a task with one firm has no other to hold up, and its call starts at once, without a thread hop.
            ValueTask<ConnectorResult> call = state.DryRun || payload.OrderError is not null || !target.IsKnown || targets.Length == 1
                ? RouteFirm(state, target, out flight, cancellationToken)
                : new ValueTask<ConnectorResult>(RunLive(state, target, cancellationToken));

            if (call.IsCompletedSuccessfully && state.OnlyConnector is null)
            {
                results[i] = call.Result;
            }
            else if (targets.Length == 1)
            {
                // One firm: its call is awaited as it is, with no task made to wait for "all" of one (and, when it is a
                // live call handed over (state.HandOver), re-attempted and finished there, even if it already answered RETRY;
                // or, when its first order request is in flight, that request is awaited there).
                waiting = true;
                single = call;
                return default;
            }
            else
            {
                pending ??= new Task<ConnectorResult>?[targets.Length];
                pending[i] = call.AsTask();
                pendingCount++;
            }
        }

        waiting = pending is not null;
        return pending is null ? default : new ValueTask(AwaitAllAsync(results, pending, pendingCount));
    }

    // Pooled: the public Task is a small wrapper made by AsTask, not a new state machine per task.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ExecutionResult> CompleteAsync(ValueTask pending, ValueTask<ConnectorResult> single, TaskState state, CancellationToken cancellationToken)
    {
        try
        {
            if (state.Results.Length > 1)
            {
                await pending.ConfigureAwait(false);
            }
            else
            {
                state.Results[0] = await single.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Cancelled(state);
            throw;
        }

        return Complete(state);
    }

    /// <summary>
    /// The only firm of a live task, handed over by <see cref="RouteFirm"/> (one async layer between the host and the
    /// firm's HTTP call): its first order request in flight (<paramref name="flight"/>), awaited here and finished by the
    /// connector, or its connector call (<paramref name="call"/>); then a RETRY is re-attempted, the firm's span ends and
    /// the task completes.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ExecutionResult> CompleteOnlyFirmAsync(BasePropConnector.RoutedPlacement flight, ValueTask<ConnectorResult> call, TaskState state, CancellationToken cancellationToken)
    {
        BasePropConnector connector = state.OnlyConnector!;
        try
        {
            ConnectorResult result;
            try
            {
                if (flight.InFlight)
                {
                    object outcome;
                    try
                    {
                        outcome = await flight.Send.ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // The connector reads the exception as its own call would (a timeout, a cancellation, or a failure to look into).
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        outcome = ex;
                    }

                    call = flight.Finish(outcome, cancellationToken);
                }

                result = await call.ConfigureAwait(false);
                if (result.Status == ConnectorStatus.Retry)
                {
                    // The re-attempts' spans belong under the firm's, as the first call's do (this method's own
                    // context; the caller's is untouched).
                    if (state.OnlyActivity is { } firmActivity)
                    {
                        Activity.Current = firmActivity;
                    }

                    result = await ReAttemptAsync(state.Task, connector, state.OnlyOrder!, result, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                result = Threw(state.Task.Id, connector, state.OnlyOrder!.ClientOrderId, ex);
            }

            state.Results[0] = FinishFirm(state.OnlyActivity, result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndCancelled(state.OnlyActivity);
            Cancelled(state);
            throw;
        }

        return Complete(state);
    }

    private void Cancelled(TaskState state)
    {
        Log.TaskCancelled(_logger, state.Task.Id);
        state.Activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
        state.Activity?.Dispose();
    }

    private ExecutionResult Complete(TaskState state)
    {
        if (state.NoTarget is { } noTarget)
        {
            Log.NoTarget(_logger, state.Task.Id, noTarget);
        }

        ConnectorResult[] results = state.Results;
        bool routed = false;
        bool sent = false;
        for (int i = 0; i < results.Length; i++)
        {
            ConnectorResult r = results[i];
            routed |= r.Status == ConnectorStatus.Success;
            sent |= r.Attempts > 0;
        }

        ExecutionTask task = state.Task;
        var result = new ExecutionResult
        {
            TaskId = task.Id,
            TradeId = task.TradeId,
            EventType = task.EventType,
            DryRun = state.DryRun,
            Routed = routed,
            Details = Summarize(state.DryRun, sent, results, state.Payload.OrderError, state.NoTarget),
            ConnectorResults = results,
            Duration = _timeProvider.GetElapsedTime(state.Started),
        };

        Record(result, results, state.Activity);
        state.Activity?.Dispose();
        return result;
    }

    private Task<ConnectorResult> RunLive(TaskState state, RoutingTarget target, CancellationToken cancellationToken) =>
        Task.Run(() => RouteFirm(state, target, out _, cancellationToken).AsTask(), cancellationToken);

    private static async Task AwaitAllAsync(ConnectorResult[] results, Task<ConnectorResult>?[] pending, int pendingCount)
    {
        // Every firm finishes (or is cancelled) before the task does: no call is left running behind the result.
        var all = new Task[pendingCount];
        int n = 0;
        foreach (Task<ConnectorResult>? call in pending)
        {
            if (call is not null)
            {
                all[n++] = call;
            }
        }

        await Task.WhenAll(all).ConfigureAwait(false);
        for (int i = 0; i < pending.Length; i++)
        {
            if (pending[i] is { } call)
            {
                results[i] = call.Result;
            }
        }
    }

    // flight: set for the only firm of a live task whose first order request is in flight; the call is then handed over
    // (TaskState.HandOver) and CompleteOnlyFirmAsync awaits that request.
    private ValueTask<ConnectorResult> RouteFirm(TaskState state, RoutingTarget target, out BasePropConnector.RoutedPlacement flight, CancellationToken cancellationToken)
    {
        flight = default;
        Activity? parent = Activity.Current;
        Activity? activity = RoutingTelemetry.ActivitySource.StartActivity(RoutingTelemetry.RouteFirmActivity, ActivityKind.Internal);
        activity?.SetTag("propconnectors.firm", target.IsKnown ? target.FirmCode : RoutingTelemetry.UnknownFirmTag);

        ExecutionTask task = state.Task;
        if (state.Payload.OrderError is { } orderError)
        {
            return new ValueTask<ConnectorResult>(FinishFirm(activity, ConnectorResult.Failed(
                target.FirmCode,
                ConnectorErrorCodes.InvalidOrder,
                OrderPayloadResult.InvalidOrderMessage(orderError),
                target.IsKnown ? ClientOrderIds.Create(task.Id, target.FirmCode) : null)));
        }

        if (target.Connector is not { } connector)
        {
            Log.UnknownFirm(_logger, task.Id, target.FirmCode);
            return new ValueTask<ConnectorResult>(FinishFirm(activity, ConnectorResult.Failed(
                target.FirmCode,
                ConnectorErrorCodes.UnknownFirm,
                $"No connector is registered for firm code '{target.FirmCode}'. Registered: {RegisteredCodes()}.")));
        }

        string clientOrderId = ClientOrderIds.Create(task.Id, connector.FirmCode);
        ValueTask<ConnectorResult> call;
        try
        {
            OrderRequest order = state.Payload.CreateOrder(clientOrderId);
            // The gate as this task read it goes down to the connector: a task routed as dry-run can never send,
            // even if the gate is switched off while it runs (the connector also refuses when it is switched on).
            if (!state.DryRun)
            {
                // A live order. The only firm of a task: the connector's call goes to CompleteAsync as it is, which
                // re-attempts and finishes it, then the task (one async layer between the host and the connector).
                // One of several: a pooled async method places it, re-attempts it and finishes the firm's activity.
                ValueTask<ConnectorResult> live;
                if (state.Results.Length == 1)
                {
                    int budget = FirmAttempts.Budget(connector, _options.MaxAttemptsPerFirm, sent: 0);
                    if (!connector.TryStartRoutedPlacement(order, budget, cancellationToken, out flight))
                    {
                        live = connector.PlaceOrderAsync(order, budget, dryRun: false, cancellationToken);
                    }
                    else if (!flight.Send.IsCompleted)
                    {
                        // On the network: CompleteOnlyFirmAsync awaits the request and has the connector finish it.
                        state.HandOver(connector, order, activity);
                        if (activity is not null)
                        {
                            Activity.Current = parent;
                        }

                        return default;
                    }
                    else
                    {
                        // Answered already: the connector finishes it here (the request's value task is read once).
                        live = flight.Finish(Outcome(flight.Send), cancellationToken);
                        flight = default;
                    }

                    if (live.IsCompletedSuccessfully)
                    {
                        // Its result is taken once (a pooled value task must not be read twice).
                        ConnectorResult first = live.Result;
                        if (first.Status != ConnectorStatus.Retry)
                        {
                            return new ValueTask<ConnectorResult>(FinishFirm(activity, first));
                        }

                        live = new ValueTask<ConnectorResult>(first);
                    }

                    state.HandOver(connector, order, activity);
                }
                else
                {
                    // The first call goes straight to the connector; only a RETRY result enters the re-attempt pipeline.
                    live = AwaitFirmAsync(
                        connector.PlaceOrderAsync(order, FirmAttempts.Budget(connector, _options.MaxAttemptsPerFirm, sent: 0), dryRun: false, cancellationToken),
                        state,
                        connector,
                        clientOrderId,
                        activity,
                        reAttempted: order,
                        cancellationToken);
                }

                if (!live.IsCompleted && activity is not null)
                {
                    Activity.Current = parent;
                }

                return live;
            }

            call = connector.PlaceOrderAsync(order, 1, dryRun: true, cancellationToken);
        }
#pragma warning disable CA1031 // No exception may escape the router (CONTRACT §5): a connector that throws answers CONNECTOR_ERROR for its firm only.
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
#pragma warning restore CA1031
        {
            return new ValueTask<ConnectorResult>(FinishFirm(activity, Threw(task.Id, connector, clientOrderId, ex)));
        }
        catch
        {
            activity?.Dispose();
            throw;
        }

        if (call.IsCompletedSuccessfully)
        {
            return new ValueTask<ConnectorResult>(FinishFirm(activity, Checked(state, connector, call.Result)));
        }

        if (activity is not null)
        {
            Activity.Current = parent;
        }

        return AwaitFirmAsync(call, state, connector, clientOrderId, activity, reAttempted: null, cancellationToken);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    // One firm's call, finished: a RETRY of a live order (reAttempted) is re-attempted, a connector that throws answers
    // CONNECTOR_ERROR, and the firm's activity ends.
    private async ValueTask<ConnectorResult> AwaitFirmAsync(ValueTask<ConnectorResult> call, TaskState state, BasePropConnector connector, string clientOrderId, Activity? activity, OrderRequest? reAttempted, CancellationToken cancellationToken)
    {
        ConnectorResult result;
        try
        {
            result = Checked(state, connector, await call.ConfigureAwait(false));
            if (reAttempted is not null && result.Status == ConnectorStatus.Retry)
            {
                result = await ReAttemptAsync(state.Task, connector, reAttempted, result, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndCancelled(activity);
            throw;
        }
#pragma warning disable CA1031 // No exception may escape the router (CONTRACT §5): a connector that throws answers CONNECTOR_ERROR for its firm only.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = Threw(state.Task.Id, connector, clientOrderId, ex);
        }

        return FinishFirm(activity, result);
    }

    /// <summary>What a completed request gave: its answer, or the exception it failed with (read once).</summary>
    private static object Outcome(ValueTask<FirmReply> send)
    {
        try
        {
            return send.Result;
        }
#pragma warning disable CA1031 // Handed to the connector, which reads it as its own call would.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    private ConnectorResult Checked(TaskState state, BasePropConnector connector, ConnectorResult result)
    {
        if (state.DryRun && result.Attempts > 0)
        {
            Log.GateChanged(_logger, state.Task.Id, connector.FirmCode, result.Status, result.Attempts);
        }

        return result;
    }

    private ConnectorResult Threw(string taskId, BasePropConnector connector, string clientOrderId, Exception ex)
    {
        Log.FirmThrew(_logger, taskId, connector.FirmCode, ex.GetType().FullName ?? ex.GetType().Name);
        return ConnectorResult.Failed(
            connector.FirmCode,
            ConnectorErrorCodes.ConnectorError,
            $"The {connector.FirmCode} connector failed unexpectedly ({ex.GetType().Name}); the order was not confirmed. Look it up by client_order_id {clientOrderId} before placing it again.",
            clientOrderId);
    }

    private static void EndCancelled(Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
        activity?.Dispose();
    }

    private static ConnectorResult FinishFirm(Activity? activity, ConnectorResult result)
    {
        if (activity is not null)
        {
            activity.SetTag("propconnectors.status", RoutingTelemetry.StatusName(result.Status));
            activity.SetTag("propconnectors.client_order_id", result.ClientOrderId);
            activity.SetTag("propconnectors.attempts", result.Attempts);
            if (result.ErrorCode is not null)
            {
                activity.SetTag("propconnectors.error_code", result.ErrorCode);
            }

            activity.SetStatus(result.Status is ConnectorStatus.Success or ConnectorStatus.Skipped ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            activity.Dispose();
        }

        return result;
    }

    /// <summary>
    /// Re-attempts a RETRY result under the pipeline, whose first execution returns that result (so Polly decides the
    /// first re-attempt and its delay exactly as if it had made the call), within the ceiling per (task, firm).
    /// </summary>
    private async Task<ConnectorResult> ReAttemptAsync(ExecutionTask task, BasePropConnector connector, OrderRequest order, ConnectorResult first, CancellationToken cancellationToken)
    {
        // The firm's time is the first call's (as the connector measured it) plus the re-attempts'.
        long reAttemptsStarted = _timeProvider.GetTimestamp();
        ConnectorResult result = first;
        var attempts = new FirmAttempts(task.Id, connector, order, _options.MaxAttemptsPerFirm, result);
        if (!ReferenceEquals(_reAttempts, ResiliencePipeline<ConnectorResult>.Empty))
        {
            ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(AttemptsKey, attempts);
            try
            {
                result = await _reAttempts.ExecuteAsync(
                    static (ctx, state) => state.NextAsync(ctx.CancellationToken),
                    context,
                    attempts).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        if (result.Status == ConnectorStatus.Retry)
        {
            string note = attempts.Sent >= attempts.Ceiling
                ? $" The router stopped after {attempts.Sent} order requests, the most allowed for one task at one firm (MaxAttemptsPerFirm)."
                : attempts.Calls > 1
                    ? $" The router tried {attempts.Calls} times ({attempts.Sent} order requests)."
                    : string.Empty;
            if (attempts.Sent >= attempts.Ceiling)
            {
                Log.CeilingReached(_logger, task.Id, connector.FirmCode, attempts.Sent, attempts.Ceiling);
            }

            result = result with { ErrorMessage = result.ErrorMessage + note };
        }

        return attempts.Calls > 1 ? result with { Duration = first.Duration + _timeProvider.GetElapsedTime(reAttemptsStarted) } : result;
    }

    private static readonly TimeSpan MaxReAttemptDelay = TimeSpan.FromMinutes(1);

    private static ResiliencePipeline<ConnectorResult> BuildReAttemptPipeline(RoutingOptions options, TimeProvider timeProvider, ILogger logger)
    {
        if (options.MaxRetryAttempts == 0)
        {
            return ResiliencePipeline<ConnectorResult>.Empty;
        }

        return new ResiliencePipelineBuilder<ConnectorResult> { TimeProvider = timeProvider, Name = "PropConnectors.Routing.reattempt" }
            .AddRetry(new RetryStrategyOptions<ConnectorResult>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = MaxReAttemptDelay,
                // A firm's Retry-After is honoured; one longer than MaxDelay ends the re-attempts (the host gets RETRY
                // and can come back later with the same task) rather than holding the task for minutes.
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Result is { Status: ConnectorStatus.Retry } result
                    && (result.RetryAfter is null || result.RetryAfter <= MaxReAttemptDelay)
                    && args.Context.Properties.TryGetValue(AttemptsKey, out FirmAttempts? state)
                    && state.Sent < state.Ceiling),
                DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(AttemptsKey, out FirmAttempts? state))
                    {
                        Log.ReAttempting(logger, state.TaskId, state.Connector.FirmCode, args.Outcome.Result?.ErrorCode, state.Sent, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private void Record(ExecutionResult result, ConnectorResult[] results, Activity? activity)
    {
        IConvertible dryRun = RoutingTelemetry.Box(result.DryRun);
        KeyValuePair<string, object?> dryRunTag = new("dry_run", dryRun);
        KeyValuePair<string, object?> routedTag = new("routed", RoutingTelemetry.Box(result.Routed));
        RoutingTelemetry.Tasks.Add(1, dryRunTag, routedTag);
        RoutingTelemetry.TaskDuration.Record(result.Duration.TotalSeconds, dryRunTag, routedTag);
        if (RoutingTelemetry.TaskResults.Enabled)
        {
            foreach (ConnectorResult r in results)
            {
                RoutingTelemetry.TaskResults.Add(
                    1,
                    new("firm", r.ErrorCode == ConnectorErrorCodes.UnknownFirm ? RoutingTelemetry.UnknownFirmTag : r.FirmCode),
                    new("status", RoutingTelemetry.StatusName(r.Status)),
                    new("error_code", r.ErrorCode ?? string.Empty));
            }
        }

        if (activity is not null)
        {
            activity.SetTag("propconnectors.dry_run", result.DryRun);
            activity.SetTag("propconnectors.routed", result.Routed);
            activity.SetTag("propconnectors.firm_count", result.ConnectorResults.Count);
            activity.SetStatus(result.Routed || result.DryRun ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        }

        Log.TaskRouted(_logger, result.TaskId, result.EventType, result.TradeId, result.Details, dryRun, result.Duration.TotalMilliseconds);
    }

    private static string Summarize(bool dryRun, bool sent, ConnectorResult[] results, string? orderError, string? noTarget)
    {
        if (noTarget is not null)
        {
            return dryRun ? DryRunDetails + "; " + noTarget : "not routed: " + noTarget;
        }

        if (dryRun && !sent)
        {
            return DryRunDetails;
        }

        return orderError is null && results.Length == 1 ? OneFirmSummaries.Get(results[0]) : Summarize(results, orderError);
    }

    private static string Summarize(ConnectorResult[] results, string? orderError)
    {
        int succeeded = 0;
        foreach (ConnectorResult r in results)
        {
            if (r.Status == ConnectorStatus.Success)
            {
                succeeded++;
            }
        }

        // Built on the stack and copied once into the string (a task summary is short).
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        if (orderError is not null)
        {
            text.AppendLiteral("invalid order payload (");
            text.AppendFormatted(orderError);
            text.AppendLiteral("); ");
        }

        text.AppendLiteral("routed to ");
        text.AppendFormatted(succeeded);
        text.AppendLiteral(" of ");
        text.AppendFormatted(results.Length);
        text.AppendLiteral(results.Length == 1 ? " firm: " : " firms: ");
        for (int i = 0; i < results.Length; i++)
        {
            ConnectorResult r = results[i];
            if (i > 0)
            {
                text.AppendLiteral(", ");
            }

            text.AppendFormatted(r.FirmCode);
            text.AppendLiteral(" ");
            text.AppendFormatted(RoutingTelemetry.StatusName(r.Status));
            if (r.ErrorCode is not null)
            {
                text.AppendLiteral(" (");
                text.AppendFormatted(r.ErrorCode);
                text.AppendLiteral(")");
            }
        }

        return text.ToStringAndClear();
    }

    /// <summary>
    /// The summaries of one-firm tasks, which repeat (the same firm answers the same way): each is made once and shared,
    /// not built per task. Bounded, since an unknown firm's code comes from the task itself: past <see cref="Capacity"/>
    /// distinct summaries, a new one is built per task as for several firms.
    /// </summary>
    private static class OneFirmSummaries
    {
        private const int Capacity = 256;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Firm, ConnectorStatus Status, string? ErrorCode), string> Made = new();
        private static int s_count;

        public static string Get(ConnectorResult result)
        {
            var key = (result.FirmCode, result.Status, result.ErrorCode);
            if (Made.TryGetValue(key, out string? summary))
            {
                return summary;
            }

            summary = Build(result);
            if (Volatile.Read(ref s_count) < Capacity && Made.TryAdd(key, summary))
            {
                Interlocked.Increment(ref s_count);
            }

            return summary;
        }

        private static string Build(ConnectorResult result) => Summarize([result], orderError: null);
    }

    private string RegisteredCodes()
    {
        IReadOnlyList<BasePropConnector> connectors = _registry.Connectors;
        if (connectors.Count == 0)
        {
            return "none";
        }

        var codes = new string[connectors.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = connectors[i].FirmCode;
        }

        return string.Join(", ", codes);
    }

    /// <summary>One task being routed.</summary>
    private sealed class TaskState(ExecutionTask task, bool dryRun, TaskPayload payload, long started, Activity? activity)
    {
        public ExecutionTask Task { get; } = task;

        /// <summary>The dry-run gate, read once for the whole task.</summary>
        public bool DryRun { get; } = dryRun;

        public TaskPayload Payload { get; } = payload;

        public long Started { get; } = started;

        public Activity? Activity { get; } = activity;

        public ConnectorResult[] Results { get; set; } = [];

        public string? NoTarget { get; set; }

        /// <summary>
        /// The connector of a one-firm live task whose call <see cref="CompleteAsync"/> awaits and finishes itself (with
        /// <see cref="OnlyOrder"/> and <see cref="OnlyActivity"/>), or <see langword="null"/>. Held here rather than in an
        /// object of its own: one allocation fewer per routed order.
        /// </summary>
        public BasePropConnector? OnlyConnector { get; private set; }

        public OrderRequest? OnlyOrder { get; private set; }

        public Activity? OnlyActivity { get; private set; }

        public void HandOver(BasePropConnector connector, OrderRequest order, Activity? activity)
        {
            OnlyConnector = connector;
            OnlyOrder = order;
            OnlyActivity = activity;
        }
    }

    /// <summary>The attempts of one (task, firm) across the router's re-attempts.</summary>
    private sealed class FirmAttempts(string taskId, BasePropConnector connector, OrderRequest order, int ceiling, ConnectorResult first)
    {
        public string TaskId { get; } = taskId;

        public BasePropConnector Connector { get; } = connector;

        public int Ceiling { get; } = ceiling;

        /// <summary>Order requests sent so far, across every call.</summary>
        public int Sent { get; private set; } = first.Attempts;

        /// <summary>Calls to the connector so far.</summary>
        public int Calls { get; private set; } = 1;

        /// <summary>What one call may send: what is left of the ceiling, and never more than the connector's own budget.</summary>
        public static int Budget(BasePropConnector connector, int ceiling, int sent) => Math.Min(Math.Max(1, connector.Options.MaxAttempts), ceiling - sent);

        /// <summary>The result of the call made before the re-attempt pipeline, returned by its first execution.</summary>
        public ConnectorResult? First { get; set; } = first;

        public ValueTask<ConnectorResult> NextAsync(CancellationToken cancellationToken)
        {
            if (First is { } first)
            {
                First = null;
                return ValueTask.FromResult(first);
            }

            return PlaceAsync(cancellationToken);
        }

        [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<ConnectorResult> PlaceAsync(CancellationToken cancellationToken)
        {
            ConnectorResult result = await Connector.PlaceOrderAsync(order, Budget(Connector, Ceiling, Sent), dryRun: false, cancellationToken).ConfigureAwait(false);
            Calls++;
            Sent += result.Attempts;
            return Calls > 1 ? result with { Attempts = Sent } : result;
        }
    }
}
