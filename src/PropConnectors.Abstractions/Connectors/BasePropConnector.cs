using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PropConnectors;

/// <summary>
/// The base of every prop-firm connector. Its public methods guard, gate, time, log, count and catch;
/// they call the protected members a firm implements to speak its protocol.
/// </summary>
/// <remarks>
/// <para>
/// No exception escapes a public method except <see cref="OperationCanceledException"/> when the
/// caller's <see cref="CancellationToken"/> is cancelled: every failure is a <see cref="ConnectorResult"/>
/// with an error code (CONTRACT §5).
/// </para>
/// <para>
/// Placing an order follows CONTRACT §4 for every connector, whatever its protocol: every attempt
/// carries the same <see cref="OrderRequest.ClientOrderId"/>; a request the firm provably did not take
/// (<see cref="FirmReplyKind.RateLimited"/>, <see cref="FirmReplyKind.NotSent"/>) may be sent again after a
/// backoff with jitter that honours <c>Retry-After</c>; after an ambiguous failure
/// (<see cref="FirmReplyKind.Unavailable"/>, <see cref="FirmReplyKind.TimedOut"/>,
/// <see cref="FirmReplyKind.ConnectionLost"/>) the order is first looked up by client order id, and
/// sent again only when the firm says it does not have it. When that cannot be known the result is
/// <see cref="ConnectorStatus.Unknown"/>.
/// </para>
/// </remarks>
public abstract class BasePropConnector
{
    private readonly ILogger _logger;
    private Snapshot? _snapshot;
    private Readiness? _readiness;

    /// <summary>Creates the connector.</summary>
    /// <param name="firmCode">The firm code (case-insensitive; letters, digits and <c>_</c>).</param>
    /// <param name="context">The services from dependency injection.</param>
    /// <exception cref="ArgumentException">The firm code is empty or malformed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    protected BasePropConnector(string firmCode, ConnectorContext context)
    {
        FirmCode = FirmCodes.Normalize(firmCode);
        Context = context ?? throw new ArgumentNullException(nameof(context));
        _logger = context.LoggerFactory.CreateLogger("PropConnectors.Connector." + FirmCode);
        _attemptTimeouts = new DefaultObjectPoolProvider().Create(new AttemptTimeoutPolicy(context.TimeProvider));
    }

    private readonly ObjectPool<CancellationTokenSource> _attemptTimeouts;

    /// <summary>The firm code, upper case.</summary>
    public string FirmCode { get; }

    /// <summary>The firm's name in messages; the firm code unless a connector says otherwise.</summary>
    public virtual string DisplayName => FirmCode;

    /// <summary>The firm's current settings (named options, the name being <see cref="FirmCode"/>).</summary>
    public PropFirmOptions Options => Context.FirmOptions.Get(FirmCode);

    /// <summary>Whether the firm is switched on and its configuration was read without problems.</summary>
    public bool IsEnabled => Options is { Enabled: true, ConfigurationProblems.Count: 0 };

    /// <summary>The services this connector was created with.</summary>
    protected ConnectorContext Context { get; }

    /// <summary>The logger of this connector.</summary>
    protected ILogger Logger => _logger;

    /// <summary>
    /// Why the firm cannot take a live order (disabled, key or base URL missing, plain http to a remote
    /// host, a malformed value), or <see langword="null"/> when it can. Names settings, never values.
    /// </summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public string? GetConfigurationProblem() => ConfigurationProblem(Options);

    /// <summary>Whether the firm trades <paramref name="symbol"/> (case-insensitive).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns><see langword="true"/> when the firm's symbol list has it.</returns>
    public bool SupportsSymbol(string? symbol) =>
        !string.IsNullOrWhiteSpace(symbol) && GetSnapshot().Symbols.Contains(symbol.Trim());

    /// <summary>
    /// Checks that the firm can be reached with its configuration. Under this SDK's REST contract that is
    /// a configuration check and sends nothing; a connector whose firm has a login call may override
    /// <see cref="AuthenticateCoreAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ConnectorStatus.Success"/>, or a failure with its error code.</returns>
    public Task<ConnectorResult> AuthenticateAsync(CancellationToken cancellationToken = default) =>
        RunAsync(Operation.Authenticate, null, null, cancellationToken).AsTask();

    /// <summary>Places <paramref name="order"/> at the firm, at most once (CONTRACT §4).</summary>
    /// <param name="order">The order; its client order id is the idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call; the only exception that can escape.</param>
    /// <returns>The result; never <see langword="null"/>.</returns>
    public Task<ConnectorResult> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken) =>
        PlaceOrderAsync(order, maxAttempts: null, cancellationToken);

    /// <summary>Places <paramref name="order"/> at the firm, sending at most <paramref name="maxAttempts"/> order requests.</summary>
    /// <param name="order">The order; its client order id is the idempotency key.</param>
    /// <param name="maxAttempts">The most order requests this call may send; <see langword="null"/>: the firm's <see cref="PropFirmOptions.MaxAttempts"/>. A router uses it to bound attempts per (task, firm) as a whole.</param>
    /// <param name="cancellationToken">Cancels the call; the only exception that can escape.</param>
    /// <returns>The result; never <see langword="null"/>.</returns>
    public Task<ConnectorResult> PlaceOrderAsync(OrderRequest order, int? maxAttempts = null, CancellationToken cancellationToken = default) =>
        RunAsync(Operation.PlaceOrder, order, maxAttempts, cancellationToken).AsTask();

    /// <summary>
    /// Places an order with the dry-run gate as the caller read it: when <paramref name="dryRun"/> is <see langword="true"/>
    /// nothing is sent even if the gate was switched off since, so a result reported as dry-run never hides a live order.
    /// </summary>
    /// <remarks>
    /// <para>A value task for the router, which awaits it once: no task is allocated for a call that waits on the network.</para>
    /// <para>The router reports each task's outcome at Information; a placement it makes that succeeds (or is skipped) is
    /// logged here at Debug, so a routed order has one Information line, not one per layer. Failures stay at Information.</para>
    /// </remarks>
    internal ValueTask<ConnectorResult> PlaceOrderAsync(OrderRequest order, int? maxAttempts, bool dryRun, CancellationToken cancellationToken) =>
        RunAsync(dryRun ? Operation.PreviewOrder : Operation.PlaceOrder, order, maxAttempts, cancellationToken, routed: true);

    /// <summary>Asks the firm for an order's status.</summary>
    /// <param name="orderId">The firm's order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ConnectorStatus.Success"/> with <see cref="ConnectorResult.OrderStatus"/>, or a failure (<see cref="ConnectorErrorCodes.OrderNotFound"/> on 404).</returns>
    public Task<ConnectorResult> GetOrderStatusAsync(string orderId, CancellationToken cancellationToken = default) =>
        RunAsync(Operation.GetOrderStatus, orderId, null, cancellationToken).AsTask();

    /// <summary>Asks the firm to cancel an order.</summary>
    /// <param name="orderId">The firm's order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ConnectorStatus.Success"/>, or a failure (<see cref="ConnectorErrorCodes.OrderNotFound"/> on 404).</returns>
    public Task<ConnectorResult> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        RunAsync(Operation.CancelOrder, orderId, null, cancellationToken).AsTask();

    /// <summary>
    /// Looks an order up by its client order id: what to do after an <see cref="ConnectorStatus.Unknown"/> result.
    /// </summary>
    /// <param name="clientOrderId">The client order id the order was placed under.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ConnectorStatus.Success"/> with the firm's order id when the firm holds it, <see cref="ConnectorErrorCodes.OrderNotFound"/> when it provably does not.</returns>
    public Task<ConnectorResult> FindOrderAsync(string clientOrderId, CancellationToken cancellationToken = default) =>
        RunAsync(Operation.FindOrder, clientOrderId, null, cancellationToken).AsTask();

    /// <summary>Sends one order request (no retry: the base class decides about retries). Throwing is a bug: it becomes <see cref="ConnectorErrorCodes.ConnectorError"/>.</summary>
    /// <param name="order">The valid order; its client order id must travel as the firm's idempotency key.</param>
    /// <param name="cancellationToken">Cancels the request (the caller's token combined with the attempt timeout).</param>
    /// <returns>What the request established.</returns>
    protected abstract Task<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="SendOrderAsync"/> as the placement protocol calls it; the SDK's own REST connector answers with a pooled
    /// value task (no task allocated per order) unless a subclass overrides <see cref="SendOrderAsync"/>.
    /// </summary>
    internal virtual ValueTask<FirmReply> SendOrderCoreAsync(OrderRequest order, CancellationToken cancellationToken) =>
        new(SendOrderAsync(order, cancellationToken));

    /// <summary>Looks an order up by client order id: <see cref="FirmReplyKind.Accepted"/> with its id when found, <see cref="FirmReplyKind.NotFound"/> only when the firm says it does not exist.</summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the request established.</returns>
    protected abstract Task<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken);

    /// <summary>Reads an order's status.</summary>
    /// <param name="orderId">The firm's order id, already checked to be a safe single path segment.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the request established.</returns>
    protected abstract Task<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Cancels an order.</summary>
    /// <param name="orderId">The firm's order id, already checked to be a safe single path segment.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the request established; <see cref="FirmReplyKind.Accepted"/> when cancelled.</returns>
    protected abstract Task<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Authenticates; by default a configuration check only, with no request.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the request established.</returns>
    protected virtual Task<FirmReply> AuthenticateCoreAsync(CancellationToken cancellationToken) =>
        Task.FromResult(FirmReply.Of(FirmReplyKind.Accepted));

    /// <summary>Describes the request <see cref="SendOrderAsync"/> would send, for results and the dry-run preview. Must hold no secret.</summary>
    /// <param name="order">The order.</param>
    /// <returns>The description, or <see langword="null"/> when the connector cannot tell.</returns>
    protected virtual RawRequest? DescribeOrderRequest(OrderRequest order) => null;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConnectorResult> RunAsync(Operation operation, object? argument, int? maxAttempts, CancellationToken cancellationToken, bool routed = false)
    {
        long started = Context.TimeProvider.GetTimestamp();
        using Activity? activity = PropConnectorsTelemetry.ActivitySource.StartActivity(ActivityName(operation), ActivityKind.Client);
        activity?.SetTag("propconnectors.firm", FirmCode);

        ConnectorResult result;
        try
        {
            if (operation is not (Operation.PlaceOrder or Operation.PreviewOrder))
            {
                result = operation == Operation.Authenticate
                    ? await AuthenticateGuardedAsync(cancellationToken).ConfigureAwait(false)
                    : await OrderCallAsync(operation, (string?)argument, cancellationToken).ConfigureAwait(false);
            }
            else if (StartPlacement(argument as OrderRequest, maxAttempts, forceDryRun: operation == Operation.PreviewOrder, out Placement placement) is { } settled)
            {
                result = settled; // invalid, refused, or dry-run: nothing to send
            }
            else if (!placement.Snapshot.Options.HonoursIdempotencyKey)
            {
                result = await PlaceAsync(placement, started, firstOutcome: null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // The first attempt goes straight to the firm under its attempt timeout (shorter than the call's, see
                // PropFirmOptions.AttemptTimeout), written out here rather than in a method of its own: an order that
                // waits on the network then has one async layer between the host and the firm's HTTP call, not three.
                // An answer that settles the order ends the call here; anything else (a lookup to make, a retry to
                // decide, an exception) is handed to the placement pipeline (PlaceAsync), which starts from this
                // attempt's outcome under what is left of the call's time budget. The router runs the same steps with
                // the awaiting done on its side (TryStartRoutedPlacement).
                FirstAttempt first = StartFirstAttempt(placement, cancellationToken);
                object outcome;
                try
                {
                    outcome = await first.Send.ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Read by EndFirstAttempt exactly as an answer is: a timeout, a cancellation, or an outcome for the pipeline.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    outcome = ex;
                }

                result = await Decide(placement, started, EndFirstAttempt(placement, first, outcome, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }
#pragma warning disable CA1031 // No exception may escape into the host (CONTRACT §5): a bug inside a connector becomes CONNECTOR_ERROR.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = Unexpected(operation, ex, argument as OrderRequest);
        }

        Conclude(operation, result, started, activity, routed);
        return result;
    }

    /// <summary>A connector that threw: <see cref="ConnectorErrorCodes.ConnectorError"/>, the key masked in the message and the log.</summary>
    private ConnectorResult Unexpected(Operation operation, Exception ex, OrderRequest? order)
    {
        string message = SecretRedactor.Redact(ex.Message, Options.ApiKey);
        Log.ConnectorThrew(_logger, OperationName(operation), FirmCode, ex.GetType().FullName ?? ex.GetType().Name, message);
        return ConnectorResult.Failed(
            FirmCode,
            ConnectorErrorCodes.ConnectorError,
            $"{DisplayName} connector failed unexpectedly ({ex.GetType().Name}): {message}",
            clientOrderId: order?.ClientOrderId);
    }

    /// <summary>The end of every call: its duration, metrics, span tags and log line.</summary>
    private void Conclude(Operation operation, ConnectorResult result, long started, Activity? activity, bool routed)
    {
        // The result is new and not yet shared: its duration is set in place rather than by copying it.
        result.SetDuration(Context.TimeProvider.GetElapsedTime(started));
        Record(operation, result, activity, routed);
    }

    /// <summary>
    /// A routed live order whose first attempt is in flight (<see cref="TryStartRoutedPlacement"/>). The router awaits
    /// <see cref="Send"/> itself and gives its outcome to <see cref="Finish"/>: the same steps as
    /// <see cref="PlaceOrderAsync(OrderRequest, int?, bool, CancellationToken)"/>, with one async method fewer between the
    /// host and the firm's HTTP call.
    /// </summary>
    internal readonly struct RoutedPlacement
    {
        private readonly BasePropConnector _connector;
        private readonly Placement _placement;
        private readonly FirstAttempt _first;
        private readonly long _started;
        private readonly Activity? _activity;

        internal RoutedPlacement(BasePropConnector connector, Placement placement, FirstAttempt first, long started, Activity? activity)
        {
            _connector = connector;
            _placement = placement;
            _first = first;
            _started = started;
            _activity = activity;
        }

        /// <summary>Whether a first attempt was started (the default value is none).</summary>
        public bool InFlight => _connector is not null;

        /// <summary>The first order request; awaited once, its outcome (answer or exception) going to <see cref="Finish"/>.</summary>
        public ValueTask<FirmReply> Send => _first.Send;

        /// <summary>
        /// Finishes the placement from the first attempt's <paramref name="outcome"/> (the <see cref="FirmReply"/> or the
        /// exception that awaiting <see cref="Send"/> gave), as <see cref="RunAsync"/> does: synchronously when that answer
        /// settles the order, through the placement pipeline otherwise. Call once. Never throws: a cancellation by the
        /// caller is in the returned value task.
        /// </summary>
        public ValueTask<ConnectorResult> Finish(object outcome, CancellationToken cancellationToken) =>
            _connector.FinishRouted(_placement, _first, _started, _activity, outcome, cancellationToken);
    }

    /// <summary>
    /// Starts a routed live order and returns with its first attempt in flight, or <see langword="false"/> when the call is
    /// not a plain first attempt (a check settles it, the firm does not honour the idempotency key, the caller cancelled, a
    /// check threw): the router then makes it with <see cref="PlaceOrderAsync(OrderRequest, int?, bool, CancellationToken)"/>,
    /// which runs the checks again and reports what they find. The caller's <see cref="Activity.Current"/> is left as it was.
    /// </summary>
    internal bool TryStartRoutedPlacement(OrderRequest order, int maxAttempts, CancellationToken cancellationToken, out RoutedPlacement routed)
    {
        routed = default;
        long started = Context.TimeProvider.GetTimestamp();
        Placement placement;
        try
        {
            if (cancellationToken.IsCancellationRequested
                || StartPlacement(order, maxAttempts, forceDryRun: false, out placement) is not null
                || !placement.Snapshot.Options.HonoursIdempotencyKey)
            {
                return false;
            }
        }
#pragma warning disable CA1031 // The checks send nothing: the full path runs them again and turns what they throw into a result.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }

        Activity? caller = Activity.Current;
        Activity? activity = PropConnectorsTelemetry.ActivitySource.StartActivity(ActivityName(Operation.PlaceOrder), ActivityKind.Client);
        activity?.SetTag("propconnectors.firm", FirmCode);
        FirstAttempt first = StartFirstAttempt(placement, cancellationToken);
        if (activity is not null)
        {
            Activity.Current = caller; // the send has its own context, with this call's span
        }

        routed = new RoutedPlacement(this, placement, first, started, activity);
        return true;
    }

    private ValueTask<ConnectorResult> FinishRouted(Placement placement, FirstAttempt first, long started, Activity? activity, object outcome, CancellationToken cancellationToken)
    {
        ConnectorResult result;
        try
        {
            ValueTask<ConnectorResult> decided = Decide(placement, started, EndFirstAttempt(placement, first, outcome, cancellationToken), cancellationToken);
            if (!decided.IsCompletedSuccessfully)
            {
                return FinishRoutedAsync(decided, placement.Order, started, activity, cancellationToken);
            }

            result = decided.Result;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            EndCancelled(activity);
            return ValueTask.FromException<ConnectorResult>(ex);
        }
#pragma warning disable CA1031 // As in RunAsync: a bug inside a connector becomes CONNECTOR_ERROR.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = Unexpected(Operation.PlaceOrder, ex, placement.Order);
        }

        return new ValueTask<ConnectorResult>(ConcludeRouted(result, started, activity));
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConnectorResult> FinishRoutedAsync(ValueTask<ConnectorResult> decided, OrderRequest order, long started, Activity? activity, CancellationToken cancellationToken)
    {
        ConnectorResult result;
        try
        {
            result = await decided.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndCancelled(activity);
            throw;
        }
#pragma warning disable CA1031 // As in RunAsync: a bug inside a connector becomes CONNECTOR_ERROR.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = Unexpected(Operation.PlaceOrder, ex, order);
        }

        return ConcludeRouted(result, started, activity);
    }

    private ConnectorResult ConcludeRouted(ConnectorResult result, long started, Activity? activity)
    {
        Conclude(Operation.PlaceOrder, result, started, activity, routed: true);
        activity?.Dispose();
        return result;
    }

    private static void EndCancelled(Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
        activity?.Dispose();
    }

    private void Record(Operation operation, ConnectorResult result, Activity? activity, bool routed)
    {
        string status = StatusName(result.Status);
        string operationName = OperationName(operation);
        PropConnectorsTelemetry.Calls.Add(1, new("firm", FirmCode), new("operation", operationName), new("status", status));
        if (operation is Operation.PlaceOrder or Operation.PreviewOrder)
        {
            PropConnectorsTelemetry.Orders.Add(1, new("firm", FirmCode), new("status", status), new("error_code", result.ErrorCode ?? string.Empty));
            PropConnectorsTelemetry.OrderDuration.Record(result.Duration.TotalSeconds, new("firm", FirmCode), new("status", status));
        }

        if (activity is not null)
        {
            activity.SetTag("propconnectors.status", status);
            activity.SetTag("propconnectors.client_order_id", result.ClientOrderId);
            activity.SetTag("propconnectors.order_id", result.ExternalOrderId);
            activity.SetTag("propconnectors.attempts", result.Attempts);
            if (result.ErrorCode is not null)
            {
                activity.SetTag("propconnectors.error_code", result.ErrorCode);
            }

            activity.SetStatus(result.Status is ConnectorStatus.Success or ConnectorStatus.Skipped ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        }

        LogLevel level = routed && result.Status is ConnectorStatus.Success or ConnectorStatus.Skipped ? LogLevel.Debug : LogLevel.Information;
        Log.CallCompleted(_logger, level, operationName, FirmCode, status, result.ErrorCode, result.ClientOrderId, result.ExternalOrderId, result.Attempts, result.Duration.TotalMilliseconds);
    }

    private async ValueTask<ConnectorResult> AuthenticateGuardedAsync(CancellationToken cancellationToken)
    {
        if (GetConfigurationProblem() is { } problem)
        {
            return ConnectorResult.Failed(FirmCode, ConnectorErrorCodes.ConnectorNotConfigured, problem);
        }

        if (Context.GlobalOptions.CurrentValue.DryRun)
        {
            return ConnectorResult.Skipped(FirmCode, $"Dry-run is on: {DisplayName} configuration is valid; no request was sent.");
        }

        Snapshot snapshot = GetSnapshot();
        FirmReply reply = await RunWithTotalTimeoutAsync(snapshot, ct => AuthenticateCoreAsync(ct), cancellationToken).ConfigureAwait(false);
        return reply.Kind == FirmReplyKind.Accepted
            ? ConnectorResult.Success(FirmCode, externalOrderId: null, rawResponse: reply.RawResponse, attempts: 0)
            : MapReply(Operation.Authenticate, reply, null, 1, ambiguousIsUnknown: false);
    }

    private async ValueTask<ConnectorResult> OrderCallAsync(Operation operation, string? id, CancellationToken cancellationToken)
    {
        bool byClientId = operation == Operation.FindOrder;
        string? invalid = byClientId
            ? (ClientOrderIds.IsValid(id) ? null : "client_order_id must be 1 to 40 characters of [A-Za-z0-9_-].")
            : OrderIds.Check(id);
        if (invalid is not null)
        {
            return ConnectorResult.Failed(FirmCode, ConnectorErrorCodes.InvalidOrder, invalid);
        }

        string? clientOrderId = byClientId ? id : null;
        if (Context.GlobalOptions.CurrentValue.DryRun)
        {
            return ConnectorResult.Skipped(FirmCode, $"Dry-run is on: no request was sent to {DisplayName}.", clientOrderId);
        }

        if (GetConfigurationProblem() is { } problem)
        {
            return ConnectorResult.Failed(FirmCode, ConnectorErrorCodes.ConnectorNotConfigured, problem, clientOrderId);
        }

        Snapshot snapshot = GetSnapshot();
        FirmReply reply = await RunWithTotalTimeoutAsync(
            snapshot,
            ct => operation switch
            {
                Operation.GetOrderStatus => GetOrderStatusCoreAsync(id!, ct),
                Operation.CancelOrder => CancelOrderCoreAsync(id!, ct),
                _ => FindOrderByClientOrderIdAsync(id!, ct),
            },
            cancellationToken).ConfigureAwait(false);

        if (reply.Kind == FirmReplyKind.Accepted)
        {
            return ConnectorResult.SuccessFromReply(FirmCode, reply, reply.OrderId ?? (byClientId ? null : id), clientOrderId, reply.Request, attempts: 1);
        }

        // A cancel that may have reached the firm is not known to have failed.
        return MapReply(operation, reply, clientOrderId, 1, ambiguousIsUnknown: operation == Operation.CancelOrder);
    }

    private static async Task<FirmReply> RunWithTotalTimeoutAsync(Snapshot snapshot, Func<CancellationToken, Task<FirmReply>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await snapshot.Total.ExecuteAsync(
                static async (state, ct) => await state(ct).ConfigureAwait(false),
                call,
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return FirmReply.Of(FirmReplyKind.TimedOut, $"no answer within {FormatSeconds(snapshot.Options.Timeout)}");
        }
    }

    /// <summary>An order that passed the checks and is to be sent, with the settings it is sent under.</summary>
    internal readonly record struct Placement(OrderRequest Order, Snapshot Snapshot, int AttemptBudget);

    /// <summary>
    /// The part of a placement that sends nothing: the order's checks, the firm's (configuration, symbol, position
    /// limit) and the dry-run gate. Returns the result when one of them settles the call, otherwise
    /// <see langword="null"/> and the <paramref name="placement"/> to make.
    /// </summary>
    private ConnectorResult? StartPlacement(OrderRequest? order, int? maxAttempts, bool forceDryRun, out Placement placement)
    {
        placement = default;
        if (order is null)
        {
            return ConnectorResult.Failed(FirmCode, ConnectorErrorCodes.InvalidOrder, "order is missing.");
        }

        if (order.Validate() is { } invalid)
        {
            // The result names the order's id only when it is one the firm could have been sent.
            string? clientOrderId = ClientOrderIds.IsValid(order.ClientOrderId) ? order.ClientOrderId : null;
            return ConnectorResult.Failed(FirmCode, ConnectorErrorCodes.InvalidOrder, invalid, clientOrderId);
        }

        Snapshot snapshot = GetSnapshot();
        (string Code, string Message)? refusal = Preflight(order, snapshot);
        bool describable = refusal is not { Code: ConnectorErrorCodes.ConnectorNotConfigured };

        if (forceDryRun || Context.GlobalOptions.CurrentValue.DryRun)
        {
            string message = refusal is { } r
                ? $"Dry-run is on: nothing was sent to {DisplayName}. In live mode this order would fail with {r.Code}: {r.Message}"
                : $"Dry-run is on: nothing was sent to {DisplayName}. In live mode raw_request would be sent.";
            return ConnectorResult.Skipped(FirmCode, message, order.ClientOrderId, describable ? DescribeOrderRequest(order) : null);
        }

        if (refusal is { } refused)
        {
            return ConnectorResult.Failed(FirmCode, refused.Code, refused.Message, order.ClientOrderId, describable ? DescribeOrderRequest(order) : null);
        }

        placement = new Placement(order, snapshot, Math.Max(1, maxAttempts ?? snapshot.Options.MaxAttempts));
        return null;
    }

    /// <summary>An order's first request, sent under its attempt timeout; <see cref="EndFirstAttempt"/> ends it.</summary>
    internal readonly record struct FirstAttempt(ValueTask<FirmReply> Send, CancellationTokenSource? Attempt, CancellationTokenRegistration Link);

    /// <summary>
    /// Sends an order's first request under its attempt timeout (linked to the caller's token). What is thrown before the
    /// request is under way is in <see cref="FirstAttempt.Send"/>, as a failure of the request would be.
    /// </summary>
    private FirstAttempt StartFirstAttempt(Placement placement, CancellationToken cancellationToken)
    {
        CancellationTokenSource? attempt = null;
        CancellationTokenRegistration link = default;
        try
        {
            attempt = BeginAttempt(placement.Snapshot, out link, cancellationToken);
            return new FirstAttempt(SendOrderCoreAsync(placement.Order, attempt.Token), attempt, link);
        }
#pragma warning disable CA1031 // Read by EndFirstAttempt exactly as a failed request is.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new FirstAttempt(ValueTask.FromException<FirmReply>(ex), attempt, link);
        }
    }

    /// <summary>
    /// Ends the first attempt (its timeout returned to the pool) and reads its <paramref name="outcome"/>: the attempt
    /// timeout firing is a <see cref="FirmReplyKind.TimedOut"/> reply; while the caller has cancelled, an exception is
    /// rethrown; any other exception is the outcome the placement pipeline starts from.
    /// </summary>
    private object EndFirstAttempt(Placement placement, FirstAttempt first, object outcome, CancellationToken cancellationToken)
    {
        try
        {
            if (outcome is not Exception ex)
            {
                return outcome;
            }

            if (ex is OperationCanceledException && first.Attempt is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
            {
                return AttemptTimedOut(placement.Snapshot);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex);
            }

            return ex;
        }
        finally
        {
            EndAttempt(first.Attempt, first.Link);
        }
    }

    /// <summary>A first attempt's outcome, decided: the result when the answer settles the order, the placement pipeline otherwise.</summary>
    private ValueTask<ConnectorResult> Decide(Placement placement, long started, object outcome, CancellationToken cancellationToken) =>
        outcome is FirmReply reply && Done(reply) is { } done
            ? new ValueTask<ConnectorResult>(ToResult(done, placement.Order, attempts: 1, lastReply: reply, budgetNote: null))
            : PlaceAsync(placement, started, outcome, cancellationToken);

    /// <summary>
    /// The placement pipeline (CONTRACT §4: lookups after ambiguous answers, retries only while the firm provably does
    /// not hold the order, within the attempt and time budget). <paramref name="firstOutcome"/> is the outcome of a
    /// first attempt already made (an ambiguous <see cref="FirmReply"/> or an exception), or <see langword="null"/>
    /// when no attempt was made yet. The budget runs from <paramref name="started"/>, the call's start on the monotonic
    /// clock of the context's <see cref="TimeProvider"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConnectorResult> PlaceAsync(Placement placement, long started, object? firstOutcome, CancellationToken cancellationToken)
    {
        var state = new PlaceState(this, placement.Order, placement.AttemptBudget, placement.Snapshot, started);
        if (firstOutcome is not null)
        {
            state.Rounds = 1;
            state.Attempts = 1;
            state.MaybePlaced = true;
            state.Pending = firstOutcome is FirmReply first && Settle(state, first) is { } settled ? settled : firstOutcome;
        }

        Snapshot snapshot = placement.Snapshot;
        PlaceStep step;
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        try
        {
            step = await snapshot.Place.ExecuteAsync(
                static (ctx, s) => s.Connector.AttemptAsync(s, ctx.CancellationToken),
                context,
                state).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            step = state.OnTotalTimeout();
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return ToResult(step, state);
    }

    private (string Code, string Message)? Preflight(OrderRequest order, Snapshot snapshot)
    {
        if (ConfigurationProblem(snapshot.Options) is { } problem)
        {
            return (ConnectorErrorCodes.ConnectorNotConfigured, problem);
        }

        if (!snapshot.Symbols.Contains(order.Symbol.Trim()))
        {
            return (ConnectorErrorCodes.UnsupportedSymbol, $"{DisplayName} does not trade {order.Symbol} (set {FirmCode}_SUPPORTED_SYMBOLS to change the list).");
        }

        if (snapshot.Options.MaxPositionSize is { } max && order.Quantity > max)
        {
            return (ConnectorErrorCodes.PositionLimitExceeded, $"quantity {order.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)} is above {DisplayName}'s maximum position size of {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        return null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PlaceStep> AttemptAsync(PlaceState state, CancellationToken cancellationToken)
    {
        // The first round may have been run before the pipeline (in RunAsync): carry on from its outcome.
        object? pending = state.Pending;
        state.Pending = null;
        switch (pending)
        {
            case PlaceStep step:
                return step;
            case FirmReply first:
                return await LookUpAfterAsync(state, first, cancellationToken).ConfigureAwait(false);
            case Exception thrown:
                return await AfterConnectorExceptionAsync(state, thrown, cancellationToken).ConfigureAwait(false);
        }

        state.Rounds++;
        if (!state.Snapshot.Options.HonoursIdempotencyKey && await LookUpBeforeSendingAsync(state, cancellationToken).ConfigureAwait(false) is { } settled)
        {
            return settled;
        }

        state.Attempts++;
        state.MaybePlaced = true;
        FirmReply reply;
        try
        {
            reply = await WithAttemptTimeoutAsync(state.Snapshot, state, static (s, ct) => s.Connector.SendOrderCoreAsync(s.Order, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await AfterConnectorExceptionAsync(state, ex, cancellationToken).ConfigureAwait(false);
        }

        return Settle(state, reply) ?? await LookUpAfterAsync(state, reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What an order request's reply settles by itself, or <see langword="null"/> when it is ambiguous and the order must be looked up.</summary>
    private PlaceStep? Settle(PlaceState state, FirmReply reply)
    {
        state.LastReply = reply;
        if (Done(reply) is { } done)
        {
            // Accepted with an id, refused or not found: the firm settled it. A 2xx without an order may have placed it.
            state.MaybePlaced = reply.Kind is FirmReplyKind.InvalidResponse || (reply.Kind == FirmReplyKind.Accepted && string.IsNullOrEmpty(reply.OrderId));
            return done;
        }

        if (reply.Kind is FirmReplyKind.RateLimited or FirmReplyKind.NotSent)
        {
            state.MaybePlaced = false;
            Log.AttemptFailed(_logger, FirmCode, state.Order.ClientOrderId, state.Attempts, reply.Kind, reply.HttpStatus);
            return PlaceStep.Absent(reply);
        }

        return null;
    }

    /// <summary>The step an order request's reply settles by itself (an order, a refusal, an answer that cannot be read), or <see langword="null"/>.</summary>
    private static PlaceStep? Done(FirmReply reply) => reply.Kind switch
    {
        FirmReplyKind.Accepted when !string.IsNullOrEmpty(reply.OrderId) => PlaceStep.Done(reply),
        FirmReplyKind.Accepted => PlaceStep.Done(reply with { Kind = FirmReplyKind.InvalidResponse, Message = reply.Message ?? "the answer has no order_id" }),
        FirmReplyKind.Rejected or FirmReplyKind.AuthFailed or FirmReplyKind.NotFound or FirmReplyKind.InvalidResponse => PlaceStep.Done(reply),
        _ => null,
    };

    /// <summary>Ambiguous: the firm may hold the order. Ask before anything else is sent.</summary>
    private async ValueTask<PlaceStep> LookUpAfterAsync(PlaceState state, FirmReply reply, CancellationToken cancellationToken)
    {
        Log.AttemptFailed(_logger, FirmCode, state.Order.ClientOrderId, state.Attempts, reply.Kind, reply.HttpStatus);
        FirmReply lookup = await LookUpAsync(state, cancellationToken).ConfigureAwait(false);
        Log.LookedUp(_logger, FirmCode, state.Order.ClientOrderId, reply.Kind, lookup.Kind);
        switch (lookup.Kind)
        {
            case FirmReplyKind.Accepted when !string.IsNullOrEmpty(lookup.OrderId):
                state.MaybePlaced = false;
                return PlaceStep.Done(lookup);
            case FirmReplyKind.NotFound:
                state.MaybePlaced = false;
                return PlaceStep.Absent(reply);
            default:
                return PlaceStep.Unknown(reply);
        }
    }

    private ValueTask<FirmReply> LookUpAsync(PlaceState state, CancellationToken cancellationToken) =>
        WithAttemptTimeoutAsync(state.Snapshot, state, static (s, ct) => new ValueTask<FirmReply>(s.Connector.FindOrderByClientOrderIdAsync(s.Order.ClientOrderId, ct)), cancellationToken);

    /// <summary>
    /// For a firm that does not honour <c>Idempotency-Key</c>, a repeated <c>POST</c> would be a second order: ask first.
    /// Returns <see langword="null"/> when the firm says it does not hold the order (send it), else the step to take.
    /// </summary>
    private async Task<PlaceStep?> LookUpBeforeSendingAsync(PlaceState state, CancellationToken cancellationToken)
    {
        FirmReply lookup = await LookUpAsync(state, cancellationToken).ConfigureAwait(false);
        switch (lookup.Kind)
        {
            case FirmReplyKind.NotFound:
                return null;
            case FirmReplyKind.Accepted when !string.IsNullOrEmpty(lookup.OrderId):
                return PlaceStep.Done(lookup);
            case FirmReplyKind.AuthFailed or FirmReplyKind.Rejected or FirmReplyKind.InvalidResponse or FirmReplyKind.Accepted:
                return PlaceStep.Done(lookup.Kind == FirmReplyKind.Accepted ? lookup with { Kind = FirmReplyKind.InvalidResponse, Message = "the lookup answer has no order id" } : lookup);
            default:
                // The firm could not say whether it holds the order: nothing is sent this round.
                Log.AttemptFailed(_logger, FirmCode, state.Order.ClientOrderId, state.Attempts, lookup.Kind, lookup.HttpStatus);
                return PlaceStep.Absent(lookup with
                {
                    Kind = lookup.Kind == FirmReplyKind.RateLimited ? FirmReplyKind.RateLimited : FirmReplyKind.NotSent,
                    ErrorCode = lookup.Kind == FirmReplyKind.RateLimited ? null : ConnectorErrorCodes.FirmUnavailable,
                    Message = $"it could not be checked whether {DisplayName} already holds the order ({Describe(lookup)}); {DisplayName} does not honour Idempotency-Key, so nothing was sent",
                });
        }
    }

    /// <summary>
    /// The connector's own code threw while sending: a bug, but the request may already have reached the firm.
    /// Ask the firm before calling the order failed: found → it holds the order; provably absent → the
    /// exception becomes <see cref="ConnectorErrorCodes.ConnectorError"/>; otherwise the result is UNKNOWN.
    /// </summary>
    private async Task<PlaceStep> AfterConnectorExceptionAsync(PlaceState state, Exception exception, CancellationToken cancellationToken)
    {
        FirmReply lookup;
        try
        {
            lookup = await LookUpAsync(state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            lookup = FirmReply.Of(FirmReplyKind.InvalidResponse);
        }

        if (lookup.Kind == FirmReplyKind.Accepted && !string.IsNullOrEmpty(lookup.OrderId))
        {
            state.MaybePlaced = false;
            return PlaceStep.Done(lookup);
        }

        if (lookup.Kind == FirmReplyKind.NotFound)
        {
            state.MaybePlaced = false;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
        }

        string message = SecretRedactor.Redact(exception.Message, state.Snapshot.Options.ApiKey);
        return PlaceStep.Unknown(new FirmReply
        {
            Kind = FirmReplyKind.ConnectionLost,
            ErrorCode = ConnectorErrorCodes.ConnectorError,
            Message = $"{exception.GetType().Name}: {message}",
        });
    }

    /// <summary>
    /// One request under the firm's attempt timeout: a cancellation source of the context's <see cref="TimeProvider"/>
    /// linked to the caller's token. (A resilience pipeline here cost a state machine per layer on every order; retries
    /// and the call's total timeout stay in <see cref="Snapshot.Place"/>.)
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FirmReply> WithAttemptTimeoutAsync<TState>(Snapshot snapshot, TState state, Func<TState, CancellationToken, ValueTask<FirmReply>> call, CancellationToken cancellationToken)
    {
        CancellationTokenSource? attempt = null;
        CancellationTokenRegistration link = default;
        try
        {
            attempt = BeginAttempt(snapshot, out link, cancellationToken);
            return await call(state, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (attempt is not null && attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return AttemptTimedOut(snapshot);
        }
        finally
        {
            EndAttempt(attempt, link);
        }
    }

    /// <summary>An attempt's cancellation: the firm's attempt timeout, linked to the caller's token (which is checked first).</summary>
    private CancellationTokenSource BeginAttempt(Snapshot snapshot, out CancellationTokenRegistration link, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CancellationTokenSource attempt = _attemptTimeouts.Get();
        try
        {
            attempt.CancelAfter(snapshot.AttemptTimeout);
            link = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), attempt);
            return attempt;
        }
        catch
        {
            _attemptTimeouts.Return(attempt);
            throw;
        }
    }

    private void EndAttempt(CancellationTokenSource? attempt, CancellationTokenRegistration link)
    {
        link.Dispose();
        if (attempt is not null)
        {
            _attemptTimeouts.Return(attempt); // reset and kept, or disposed when it fired (AttemptTimeoutPolicy)
        }
    }

    private static FirmReply AttemptTimedOut(Snapshot snapshot) =>
        FirmReply.Of(FirmReplyKind.TimedOut, $"no answer within {FormatSeconds(snapshot.Options.AttemptTimeout)}");

    /// <summary>
    /// Pools the attempt timeouts' cancellation sources, as Polly's timeout strategy does: a source that did not fire is
    /// reset (its timer stopped, its registrations dropped) and used again; one that fired is disposed.
    /// </summary>
    private sealed class AttemptTimeoutPolicy(TimeProvider timeProvider) : IPooledObjectPolicy<CancellationTokenSource>
    {
        public CancellationTokenSource Create() => new(Timeout.InfiniteTimeSpan, timeProvider);

        public bool Return(CancellationTokenSource obj) => obj.TryReset();
    }

    private ConnectorResult ToResult(PlaceStep step, PlaceState state) =>
        ToResult(step, state.Order, state.Attempts, state.LastReply, state.BudgetNote);

    private ConnectorResult ToResult(PlaceStep step, OrderRequest order, int attempts, FirmReply? lastReply, string? budgetNote)
    {
        FirmReply reply = step.Reply;
        RawRequest? request = reply.Request ?? lastReply?.Request ?? DescribeSentOrder(order);
        string clientOrderId = order.ClientOrderId;

        switch (step.Kind)
        {
            case PlaceStepKind.Done when reply.Kind == FirmReplyKind.Accepted:
                return ConnectorResult.SuccessFromReply(FirmCode, reply, reply.OrderId, clientOrderId, request, attempts);
            case PlaceStepKind.Unknown:
                return ConnectorResult.Unknown(
                    FirmCode,
                    AmbiguousCode(reply),
                    $"{DisplayName} {Describe(reply)} and it could not be established whether it holds the order. " +
                    $"Look it up by client_order_id {clientOrderId} before acting; never re-place it under a new id.",
                    clientOrderId,
                    request,
                    reply.RawResponse,
                    attempts);
            case PlaceStepKind.Absent:
                string budget = budgetNote ?? $"after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}";
                ConnectorResult absent = reply.Kind switch
                {
                    FirmReplyKind.RateLimited => ConnectorResult.Retry(FirmCode, ConnectorErrorCodes.RateLimited, $"{DisplayName} is rate limiting ({budget}); it does not hold the order. Retry later with the same client_order_id.", clientOrderId, request, reply.RawResponse, attempts),
                    FirmReplyKind.Unavailable => ConnectorResult.Retry(FirmCode, ConnectorErrorCodes.FirmUnavailable, $"{DisplayName} is unavailable ({Describe(reply)}, {budget}); it does not hold the order. Retry later with the same client_order_id.", clientOrderId, request, reply.RawResponse, attempts),
                    FirmReplyKind.NotSent when reply.ErrorCode == ConnectorErrorCodes.FirmUnavailable => ConnectorResult.Retry(FirmCode, ConnectorErrorCodes.FirmUnavailable, $"{DisplayName} is unavailable ({Describe(reply)}, {budget}); nothing was placed.", clientOrderId, request, reply.RawResponse, attempts),
                    FirmReplyKind.TimedOut => ConnectorResult.Failed(FirmCode, ConnectorErrorCodes.Timeout, $"{DisplayName} {Describe(reply)} ({budget}); it does not hold the order.", clientOrderId, request, reply.RawResponse, attempts),
                    _ => ConnectorResult.Failed(FirmCode, ConnectorErrorCodes.NetworkError, $"{DisplayName} could not be reached: {reply.Message ?? "network error"} ({budget}); it does not hold the order.", clientOrderId, request, reply.RawResponse, attempts),
                };
                return absent.Status == ConnectorStatus.Retry ? absent with { RetryAfter = reply.RetryAfter } : absent;
            default:
                return MapReply(Operation.PlaceOrder, reply, clientOrderId, attempts, ambiguousIsUnknown: true) with { RawRequest = request };
        }
    }

    private ConnectorResult MapReply(Operation operation, FirmReply reply, string? clientOrderId, int attempts, bool ambiguousIsUnknown)
    {
        string firmText = reply.Message is { Length: > 0 } m ? $": {m}" : string.Empty;
        string? retryHint = reply.RetryAfter is { } ra ? $" (Retry-After {FormatSeconds(ra)})" : null;
        return reply.Kind switch
        {
            FirmReplyKind.AuthFailed => Failed(ConnectorErrorCodes.AuthFailed, $"{DisplayName} refused the API key (HTTP {reply.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "401"}){firmText}. Check {FirmCode}_API_KEY."),
            FirmReplyKind.NotFound when operation == Operation.PlaceOrder => Failed(ConnectorErrorCodes.OrderRejected, $"{DisplayName} rejected the order (HTTP 404){firmText}."),
            FirmReplyKind.NotFound => Failed(ConnectorErrorCodes.OrderNotFound, $"{DisplayName} has no such order{firmText}."),
            FirmReplyKind.Rejected => Failed(ConnectorErrorCodes.OrderRejected, $"{DisplayName} rejected the {(operation == Operation.PlaceOrder ? "order" : "request")} (HTTP {reply.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "4xx"}){firmText}."),
            FirmReplyKind.InvalidResponse when operation == Operation.PlaceOrder => Failed(ConnectorErrorCodes.InvalidResponse, $"{DisplayName} answered HTTP {reply.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "2xx"} with a body that is not the expected order JSON{firmText}. The firm may hold the order: look it up by client_order_id {clientOrderId} before placing it again."),
            FirmReplyKind.InvalidResponse => Failed(ConnectorErrorCodes.InvalidResponse, $"{DisplayName} answered with a body that is not the expected JSON{firmText}."),
            FirmReplyKind.RateLimited => ConnectorResult.Retry(FirmCode, ConnectorErrorCodes.RateLimited, $"{DisplayName} is rate limiting{retryHint}.", clientOrderId, reply.Request, reply.RawResponse, attempts) with { RetryAfter = reply.RetryAfter },
            FirmReplyKind.Unavailable when ambiguousIsUnknown => ConnectorResult.Unknown(FirmCode, ConnectorErrorCodes.FirmUnavailable, $"{DisplayName} {Describe(reply)}; the request may have taken effect.", clientOrderId, reply.Request, reply.RawResponse, attempts),
            FirmReplyKind.Unavailable => ConnectorResult.Retry(FirmCode, ConnectorErrorCodes.FirmUnavailable, $"{DisplayName} {Describe(reply)}{retryHint}.", clientOrderId, reply.Request, reply.RawResponse, attempts) with { RetryAfter = reply.RetryAfter },
            FirmReplyKind.NotSent when reply.ErrorCode == ConnectorErrorCodes.FirmUnavailable => ConnectorResult.Retry(FirmCode, ConnectorErrorCodes.FirmUnavailable, $"{DisplayName} {Describe(reply)}.", clientOrderId, reply.Request, reply.RawResponse, attempts),
            FirmReplyKind.NotSent => Failed(ConnectorErrorCodes.NetworkError, $"{DisplayName} could not be reached: {reply.Message ?? "network error"}."),
            FirmReplyKind.TimedOut when ambiguousIsUnknown => ConnectorResult.Unknown(FirmCode, ConnectorErrorCodes.Timeout, $"{DisplayName} {Describe(reply)}; the request may have taken effect.", clientOrderId, reply.Request, reply.RawResponse, attempts),
            FirmReplyKind.TimedOut => Failed(ConnectorErrorCodes.Timeout, $"{DisplayName} {Describe(reply)}."),
            FirmReplyKind.ConnectionLost when ambiguousIsUnknown => ConnectorResult.Unknown(FirmCode, ConnectorErrorCodes.NetworkError, $"{DisplayName} {Describe(reply)}; the request may have taken effect.", clientOrderId, reply.Request, reply.RawResponse, attempts),
            FirmReplyKind.ConnectionLost => Failed(ConnectorErrorCodes.NetworkError, $"{DisplayName} {Describe(reply)}."),
            _ => Failed(ConnectorErrorCodes.ConnectorError, $"{DisplayName} connector returned an unexpected reply ({reply.Kind})."),
        };

        ConnectorResult Failed(string code, string message) =>
            ConnectorResult.Failed(FirmCode, code, message, clientOrderId, reply.Request, reply.RawResponse, attempts);
    }

    private static string Describe(FirmReply reply) => reply.ErrorCode == ConnectorErrorCodes.ConnectorError
        ? $"connector failed while sending the order ({reply.Message})"
        : reply.Kind switch
    {
        FirmReplyKind.Unavailable => $"answered HTTP {reply.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "5xx"}{(reply.Message is { Length: > 0 } m ? $" ({m})" : string.Empty)}",
        FirmReplyKind.TimedOut => $"did not answer in time ({reply.Message ?? "timeout"})",
        FirmReplyKind.ConnectionLost => $"dropped the connection before answering ({reply.Message ?? "connection lost"})",
        FirmReplyKind.NotSent => reply.Message ?? "could not be reached",
        _ => $"answered {reply.Kind}",
    };

    private static string AmbiguousCode(FirmReply reply) => reply.ErrorCode ?? reply.Kind switch
    {
        FirmReplyKind.TimedOut => ConnectorErrorCodes.Timeout,
        FirmReplyKind.ConnectionLost => ConnectorErrorCodes.NetworkError,
        _ => ConnectorErrorCodes.FirmUnavailable,
    };

    private static string FormatSeconds(TimeSpan value) =>
        value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    private static string StatusName(ConnectorStatus status) => status switch
    {
        ConnectorStatus.Success => "SUCCESS",
        ConnectorStatus.Failed => "FAILED",
        ConnectorStatus.Retry => "RETRY",
        ConnectorStatus.Skipped => "SKIPPED",
        _ => "UNKNOWN",
    };

    private static string ActivityName(Operation operation) => operation switch
    {
        Operation.Authenticate => "PropConnectors authenticate",
        Operation.PlaceOrder or Operation.PreviewOrder => "PropConnectors place_order",
        Operation.GetOrderStatus => "PropConnectors get_order_status",
        Operation.CancelOrder => "PropConnectors cancel_order",
        _ => "PropConnectors find_order",
    };

    private static string OperationName(Operation operation) => operation switch
    {
        Operation.Authenticate => "authenticate",
        Operation.PlaceOrder or Operation.PreviewOrder => "place_order",
        Operation.GetOrderStatus => "get_order_status",
        Operation.CancelOrder => "cancel_order",
        _ => "find_order",
    };

    // The order is described only when no reply carries the request that was sent (an attempt that timed out, say): a
    // live placement serializes its order once, in SendOrderAsync, instead of once more for a preview nobody reads.
    // The order may be at the firm by now, so a connector whose description throws gets no raw_request, not an error.
    private RawRequest? DescribeSentOrder(OrderRequest order)
    {
        try
        {
            return DescribeOrderRequest(order);
        }
#pragma warning disable CA1031 // The placement's outcome is known; a failing description must not turn it into CONNECTOR_ERROR.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ConnectorThrew(_logger, "describe_order", FirmCode, ex.GetType().FullName ?? ex.GetType().Name, SecretRedactor.Redact(ex.Message, Options.ApiKey));
            return null;
        }
    }

    // FirmReadiness parses the base URL and runs the field validators: once per options instance (configuration reloads
    // replace the instance, they never change it), not once per call.
    private string? ConfigurationProblem(PropFirmOptions options)
    {
        Readiness? known = Volatile.Read(ref _readiness);
        if (known is null || !ReferenceEquals(known.Options, options))
        {
            known = new Readiness(options, FirmReadiness.Check(FirmCode, options));
            Volatile.Write(ref _readiness, known);
        }

        return known.Problem;
    }

    private Snapshot GetSnapshot()
    {
        PropFirmOptions options = Options;
        Snapshot? current = Volatile.Read(ref _snapshot);
        if (current is not null && ReferenceEquals(current.Options, options))
        {
            return current;
        }

        var created = new Snapshot(options, Context.TimeProvider, FirmCode);
        Volatile.Write(ref _snapshot, created);
        return created;
    }

    private enum Operation
    {
        Authenticate,
        PlaceOrder,
        PreviewOrder,
        GetOrderStatus,
        CancelOrder,
        FindOrder,
    }

    internal enum PlaceStepKind
    {
        Done,
        Absent,
        Unknown,
    }

    internal readonly record struct PlaceStep(PlaceStepKind Kind, FirmReply Reply)
    {
        public static PlaceStep Done(FirmReply reply) => new(PlaceStepKind.Done, reply);

        public static PlaceStep Absent(FirmReply reply) => new(PlaceStepKind.Absent, reply);

        public static PlaceStep Unknown(FirmReply reply) => new(PlaceStepKind.Unknown, reply);
    }

    private sealed class PlaceState(BasePropConnector connector, OrderRequest order, int maxAttempts, Snapshot snapshot, long started)
    {
        public BasePropConnector Connector { get; } = connector;

        public OrderRequest Order { get; } = order;

        public int MaxAttempts { get; } = maxAttempts;

        public Snapshot Snapshot { get; } = snapshot;

        /// <summary>When the call started, on the monotonic clock of the context's <see cref="TimeProvider"/> (a wall-clock change cannot stretch or cut its budget).</summary>
        public long Started { get; } = started;

        /// <summary>What is left of the call's time budget (negative once it has passed).</summary>
        public TimeSpan Left => Snapshot.Options.Timeout - Connector.Context.TimeProvider.GetElapsedTime(Started);

        public int Attempts { get; set; }

        /// <summary>Rounds of the placement loop (an order request, or a lookup that stopped one from being sent).</summary>
        public int Rounds { get; set; }

        /// <summary>An order request was sent and the firm's answer did not settle whether it holds the order.</summary>
        public bool MaybePlaced { get; set; }

        public FirmReply? LastReply { get; set; }

        /// <summary>The outcome of a round run before the pipeline (a <see cref="PlaceStep"/>, an ambiguous <see cref="FirmReply"/> or an <see cref="Exception"/>), for its first execution to carry on from.</summary>
        public object? Pending { get; set; }

        public PlaceStep? LastAbsent { get; set; }

        public string? BudgetNote { get; set; }

        /// <summary>Whether another attempt may be sent after <paramref name="step"/>: only when the firm provably does not hold the order, within the attempt and time budget.</summary>
        public bool ShouldRetry(PlaceStep step, TimeSpan nextDelay)
        {
            if (step.Kind != PlaceStepKind.Absent)
            {
                return false;
            }

            LastAbsent = step;
            if (Math.Max(Attempts, Rounds) >= MaxAttempts)
            {
                BudgetNote = $"after {Attempts} attempt{(Attempts == 1 ? string.Empty : "s")}, the most allowed";
                return false;
            }

            TimeSpan wait = step.Reply.RetryAfter ?? nextDelay;
            if (wait >= Left)
            {
                BudgetNote = $"after {Attempts} attempt{(Attempts == 1 ? string.Empty : "s")}; the next wait of {FormatSeconds(wait)} would pass the {FormatSeconds(Snapshot.Options.Timeout)} budget";
                return false;
            }

            return true;
        }

        public PlaceStep OnTotalTimeout()
        {
            FirmReply timedOut = FirmReply.Of(FirmReplyKind.TimedOut, $"no settled answer within {FormatSeconds(Snapshot.Options.Timeout)}");
            if (MaybePlaced)
            {
                return PlaceStep.Unknown(timedOut);
            }

            if (LastAbsent is { } absent)
            {
                BudgetNote = $"after {Attempts} attempt{(Attempts == 1 ? string.Empty : "s")} within the {FormatSeconds(Snapshot.Options.Timeout)} budget";
                return absent;
            }

            return PlaceStep.Absent(timedOut);
        }
    }

    private sealed record Readiness(PropFirmOptions Options, string? Problem);

    internal sealed class Snapshot
    {
        public Snapshot(PropFirmOptions options, TimeProvider timeProvider, string firmCode)
        {
            Options = options;
            Symbols = (options.SupportedSymbols ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

            Total = new ResiliencePipelineBuilder<FirmReply> { TimeProvider = timeProvider, Name = $"PropConnectors.{firmCode}.call" }
                .AddTimeout(PollyTimeout(options.Timeout))
                .Build();

            AttemptTimeout = PollyTimeout(options.AttemptTimeout);

            // The call's budget runs from its start, which may be a first attempt made before the pipeline: what is left of it.
            Place = new ResiliencePipelineBuilder<PlaceStep> { TimeProvider = timeProvider, Name = $"PropConnectors.{firmCode}.place" }
                .AddTimeout(new TimeoutStrategyOptions
                {
                    Timeout = PollyTimeout(options.Timeout),
                    TimeoutGenerator = args => ValueTask.FromResult(
                        args.Context.Properties.TryGetValue(StateKey, out PlaceState? state) ? Remaining(state.Left) : PollyTimeout(options.Timeout)),
                })
                .AddRetry(new RetryStrategyOptions<PlaceStep>
                {
                    MaxRetryAttempts = 20,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    MaxDelay = TimeSpan.FromSeconds(10),
                    ShouldHandle = static args => ValueTask.FromResult(
                        args.Outcome.Exception is null && args.Context.Properties.TryGetValue(StateKey, out PlaceState? state) && state.ShouldRetry(args.Outcome.Result, TimeSpan.Zero)),
                    DelayGenerator = static args => ValueTask.FromResult(args.Outcome.Exception is null ? args.Outcome.Result.Reply?.RetryAfter : null),
                })
                .Build();
        }

        public PropFirmOptions Options { get; }

        public FrozenSet<string> Symbols { get; }

        // Out-of-range settings are refused by FirmReadiness (CONNECTOR_NOT_CONFIGURED); clamping here only keeps
        // Polly's own validation (10 ms to 24 h) from throwing before that check can answer.
        private static TimeSpan PollyTimeout(TimeSpan value) =>
            value < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : value > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : value;

        public ResiliencePipeline<FirmReply> Total { get; }

        /// <summary>The attempt timeout, within the range a timer takes.</summary>
        public TimeSpan AttemptTimeout { get; }

        // Nothing left (or less than a millisecond) still times out at once: Polly reads zero as "no timeout".
        private static TimeSpan Remaining(TimeSpan left) => left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;

        public ResiliencePipeline<PlaceStep> Place { get; }
    }

    private static readonly ResiliencePropertyKey<PlaceState> StateKey = new("PropConnectors.PlaceState");
}
