using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PropConnectors.Configuration;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Results;
using PropConnectors.Routing.Configuration;
using PropConnectors.Routing.Events;
using PropConnectors.Routing.Execution;
using PropConnectors.Routing.Rules;
using PropConnectors.Routing.Payload;
using PropConnectors.Routing.Telemetry;
using PropConnectors.Telemetry;

namespace PropConnectors.Routing;

/// <summary>
/// Routes one execution task to every firm it is meant for (CONTRACT §7): reads the payload once, reads the dry-run gate
/// once, selects the firms (<see cref="RoutingRules"/>), builds each firm's order (<see cref="OrderPayloadBuilder"/>),
/// places the orders concurrently, and returns one <see cref="ExecutionResult"/>.
/// </summary>
/// <remarks>
/// <para>Per firm, in this order: an invalid payload → <see cref="ConnectorErrorCodes.InvalidOrder"/>; a code no connector
/// has → <see cref="ConnectorErrorCodes.UnknownFirm"/>; then the connector's placement, which previews under the gate
/// (<see cref="ConnectorStatus.Skipped"/> / <see cref="ConnectorErrorCodes.GlobalDryRunEnabled"/>), checks configuration,
/// symbol and limits, and re-attempts a <see cref="ConnectorStatus.Retry"/> within <see cref="RoutingOptions.MaxAttemptsPerFirm"/>.</para>
/// <para>No exception escapes except <see cref="OperationCanceledException"/> when the caller's token is cancelled (an
/// <see cref="ExecutionInterruptedException"/> carrying what is known). One firm's failure, slowness or exception never
/// changes another firm's result.</para>
/// </remarks>
public sealed class ExecutionRouter : IExecutionRouter
{
    /// <summary>The <see cref="ExecutionResult.Details"/> of a task routed while the dry-run gate is on.</summary>
    public const string DryRunDetails = "dry-run: no external order sent";

    private readonly IPropConnectorRegistry _registry;
    private readonly DryRunGate _gate;
    private readonly RoutingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates the router; hosts resolve it as <see cref="IExecutionRouter"/> after <c>AddPropConnectors().AddRouting()</c>.</summary>
    /// <param name="registry">The registered connectors.</param>
    /// <param name="globalOptions">The global options; the dry-run gate is read once per task.</param>
    /// <param name="options">The routing options (read once, at construction).</param>
    /// <param name="timeProvider">The clock of durations.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for none.</param>
    /// <param name="killSwitch">The kill switch the entries and exits check (CONTRACT §13 rule 1); none: always active.</param>
    /// <param name="highestBalances">The highest balances seen, for trailing loss floors; none: in memory.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The routing options are out of range.</exception>
    public ExecutionRouter(
        IPropConnectorRegistry registry,
        IOptionsMonitor<PropConnectorsOptions> globalOptions,
        IOptions<RoutingOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        KillSwitch? killSwitch = null,
        IHighestBalanceStore? highestBalances = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _gate = new DryRunGate(globalOptions ?? throw new ArgumentNullException(nameof(globalOptions)));
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        ValidateOptionsResult validation = new RoutingOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RoutingOptions), validation.Failures);
        }

        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _rules = new AccountRules(killSwitch ?? new KillSwitch(), highestBalances ?? new InMemoryHighestBalanceStore(), _timeProvider);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("PropConnectors.Routing.ExecutionRouter");
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogRules();
        }
        _live = new PlacementOptions { ReAttempts = _options.MaxRetryAttempts, AttemptCeiling = _options.MaxAttemptsPerFirm, ReportedByCaller = true };
        _preview = _live with { Preview = true };
    }

    // The startup line of each account's rules (CONTRACT §13); a connector whose options cannot be read is reported when routed.
    private void LogRules()
    {
        foreach (BasePropConnector connector in _registry.Connectors)
        {
            try
            {
                if (connector.IsEnabled)
                {
                    string rules = PreTradeRules.Describe(connector);
                    Log.AccountRules(_logger, connector.FirmCode, connector.Account ?? "(default)", rules);
                }
            }
#pragma warning disable CA1031 // A startup line must not stop the router from being built.
            catch (Exception)
#pragma warning restore CA1031
            {
                // The connector answers CONNECTOR_ERROR for its own tasks.
            }
        }
    }

    // How each firm's placement is bounded: the gate as the task read it, the re-attempts and the ceiling per firm.
    private readonly PlacementOptions _live;
    private readonly PlacementOptions _preview;
    private readonly AccountRules _rules;

    /// <inheritdoc />
    public Task<ExecutionResult> ExecuteAsync(ExecutionTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return cancellationToken.IsCancellationRequested ? Task.FromCanceled<ExecutionResult>(cancellationToken) : RouteAsync(task, cancellationToken);
    }

    private async Task<ExecutionResult> RouteAsync(ExecutionTask task, CancellationToken cancellationToken)
    {
        using var telemetry = new TaskTelemetry(task, _timeProvider, _logger);
        bool dryRun = _gate.Read();
        TaskEvent taskEvent = TaskEvents.Parse(task.EventType);
        TaskPayload payload = PayloadReader.Read(task.Payload, taskEvent);
        RoutingRules rules = RoutingRules.From(payload);
        IReadOnlyList<RoutingTarget> targets = rules.SelectTargets(_registry, _logger, out int unreadable);
        if (targets.Count == 0)
        {
            return telemetry.Complete(NoTarget(task, dryRun, rules, unreadable, telemetry.Elapsed));
        }

        if (payload.OrderError is { } orderError)
        {
            Log.InvalidPayload(_logger, task.Id, orderError);
        }

        PlacementOptions placement = dryRun ? _preview : _live;

        // Every firm's placement starts before any is awaited, so they run concurrently. Each firm of a live task with
        // several firms runs on its own, so that a connector that blocks cannot hold up the others.
        bool apart = !dryRun && targets.Count > 1;
        var calls = new ValueTask<ConnectorResult>[targets.Count];
        for (int i = 0; i < calls.Length; i++)
        {
            RoutingTarget target = targets[i];
#pragma warning disable CA2012 // Each is awaited exactly once below; starting them all first is what makes the firms concurrent.
            calls[i] = apart
                ? RouteFirmApart(task, payload, target, placement, cancellationToken)
                : RouteFirmAsync(task, payload, target, placement, cancellationToken);
#pragma warning restore CA2012
        }

        var results = new ConnectorResult[calls.Length];
        bool interrupted = false;
        for (int i = 0; i < calls.Length; i++)
        {
            try
            {
                results[i] = await calls[i].ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true; // the others are still awaited: none is left running behind the result
            }
        }

        if (interrupted)
        {
            telemetry.Cancelled();
            throw new ExecutionInterruptedException(Interrupted(task, dryRun, targets, results, telemetry.Elapsed), cancellationToken);
        }

        return telemetry.Complete(Result(task, dryRun, results, payload.OrderError, noTarget: null, telemetry.Elapsed));
    }

    private ValueTask<ConnectorResult> RouteFirmApart(ExecutionTask task, TaskPayload payload, RoutingTarget target, PlacementOptions placement, CancellationToken cancellationToken) =>
        new(Task.Run(() => RouteFirmAsync(task, payload, target, placement, cancellationToken).AsTask(), CancellationToken.None));

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConnectorResult> RouteFirmAsync(ExecutionTask task, TaskPayload payload, RoutingTarget target, PlacementOptions placement, CancellationToken cancellationToken)
    {
        using Activity? activity = RoutingTelemetry.ActivitySource.StartActivity(RoutingTelemetry.RouteFirmActivity, ActivityKind.Internal);
        activity?.SetTag("propconnectors.firm", target.IsKnown ? target.FirmCode : RoutingTelemetry.UnknownFirmTag);
        string? clientOrderId = target.Connector is { } known ? ClientOrderIds.Create(task.Id, known.FirmCode, known.Account) : null;
        ConnectorResult result;
        try
        {
            if (payload.Event == TaskEvent.Unknown)
            {
                result = ConnectorResult.Failed(target.FirmCode, ConnectorErrorCodes.InvalidOrder, TaskEvents.Refusal(task.EventType!)) with { Account = target.Account };
            }
            else if (payload.OrderError is { } error)
            {
                result = ConnectorResult.Failed(target.FirmCode, ConnectorErrorCodes.InvalidOrder, OrderPayloadResult.InvalidOrderMessage(error), payload.Event == TaskEvent.Entry ? clientOrderId : null) with { Account = target.Account };
            }
            else if (target.Connector is not { } connector)
            {
                Log.UnknownFirm(_logger, task.Id, target.FirmCode);
                result = ConnectorResult.Failed(target.FirmCode, ConnectorErrorCodes.UnknownFirm, $"No connector is registered for firm code '{target.FirmCode}'. Registered: {RegisteredCodes()}.");
            }
            else
            {
                long started = _timeProvider.GetTimestamp();
                result = await new AccountRoute(task, payload, connector, placement, _rules, cancellationToken).RunAsync().ConfigureAwait(false);
                if (result.Duration == TimeSpan.Zero)
                {
                    result = result with { Duration = _timeProvider.GetElapsedTime(started) }; // an exit's or flatten's reads and actions
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }
#pragma warning disable CA1031 // No exception may escape the router (CONTRACT §5): a connector that throws answers CONNECTOR_ERROR for its firm only.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.FirmThrew(_logger, task.Id, target.FirmCode, ex.GetType().FullName ?? ex.GetType().Name);
            result = ConnectorResult.Failed(
                target.FirmCode,
                ConnectorErrorCodes.ConnectorError,
                $"The {target.FirmCode} connector failed unexpectedly ({ex.GetType().Name}); the order was not confirmed. Look it up by client_order_id {clientOrderId} before placing it again.",
                clientOrderId);
        }

        PropConnectorsTelemetry.TagResult(activity, result);
        return result;
    }

    private ExecutionResult NoTarget(ExecutionTask task, bool dryRun, RoutingRules rules, int unreadable, TimeSpan elapsed)
    {
        (string code, string reason) = rules.Error is { } error
            ? (ConnectorErrorCodes.InvalidOrder, "invalid task: " + error)
            : (ConnectorErrorCodes.ConnectorNotConfigured, unreadable > 0
                ? "no firm is enabled (the configuration of some firms could not be read; see the logs)."
                : "no firm is enabled: enable one ({FIRM}_ENABLED=true or PropConnectors:Firms:{FIRM}:Enabled=true) or name firms in firm_codes.");
        Log.NoTarget(_logger, task.Id, reason);
        return Result(task, dryRun, [], orderError: null, noTarget: reason, elapsed) with { ErrorCode = code };
    }

    private static ExecutionResult Result(ExecutionTask task, bool dryRun, ConnectorResult[] results, string? orderError, string? noTarget, TimeSpan elapsed) => new()
    {
        TaskId = task.Id,
        TradeId = task.TradeId,
        EventType = task.EventType,
        DryRun = dryRun,
        Routed = Array.Exists(results, r => r.Status == ConnectorStatus.Success),
        Details = TaskSummary.Of(dryRun, results, orderError, noTarget),
        ConnectorResults = results,
        Duration = elapsed,
    };

    // What is known when the host cut the task short: the firms that answered, and the others as UNKNOWN.
    // answered[i] is null for a firm that had not answered.
    private static ExecutionResult Interrupted(ExecutionTask task, bool dryRun, IReadOnlyList<RoutingTarget> targets, ConnectorResult[] answered, TimeSpan elapsed)
    {
        var results = new ConnectorResult[answered.Length];
        for (int i = 0; i < answered.Length; i++)
        {
            string firm = targets[i].FirmCode;
            string? clientOrderId = targets[i].Connector is { } known ? ClientOrderIds.Create(task.Id, firm, known.Account) : null;
            results[i] = (ConnectorResult?)answered[i] ?? ConnectorResult.Unknown(firm, ConnectorErrorCodes.Timeout, $"The host stopped before {firm} answered; the order may have reached it. Look it up by client_order_id {clientOrderId} before acting.", clientOrderId) with { Account = targets[i].Account };
        }

        return Result(task, dryRun, results, orderError: null, noTarget: null, elapsed);
    }

    private string RegisteredCodes() =>
        _registry.Connectors.Count == 0 ? "none" : string.Join(", ", _registry.Connectors.Select(c => c.FirmCode));
}
