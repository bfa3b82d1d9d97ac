using Microsoft.Extensions.Logging;
using PropConnectors.Accounts;
using PropConnectors.Configuration;
using PropConnectors.Instruments;
using PropConnectors.Operations;
using PropConnectors.Orders;
using PropConnectors.Placement;
using PropConnectors.Preflight;
using PropConnectors.Results;
using PropConnectors.Security;
using PropConnectors.Telemetry;

namespace PropConnectors;

/// <summary>
/// The base of every prop-firm connector, in the manner of OpenTelemetry's <c>BaseExporter</c>: its public methods are
/// not virtual; they guard, gate, time, record and turn every failure into a <see cref="ConnectorResult"/>, and call the
/// protected members a firm implements to speak its protocol.
/// </summary>
/// <remarks>
/// <para>
/// No exception escapes a public method except <see cref="OperationCanceledException"/> when the caller's
/// <see cref="CancellationToken"/> is cancelled: every failure is a result with an error code (CONTRACT §5).
/// </para>
/// <para>
/// Placing an order follows CONTRACT §4 whatever the protocol: every attempt carries the same
/// <see cref="OrderRequest.ClientOrderId"/>; a request the firm provably did not take (<see cref="FirmReplyKind.RateLimited"/>,
/// <see cref="FirmReplyKind.NotSent"/>) may be sent again after a backoff that honours <c>Retry-After</c>; after an
/// ambiguous failure (<see cref="FirmReplyKind.Unavailable"/>, <see cref="FirmReplyKind.TimedOut"/>,
/// <see cref="FirmReplyKind.ConnectionLost"/>, or the protocol code throwing) the order is first looked up by client order
/// id and sent again only when the firm says it does not have it; when that cannot be known the result is
/// <see cref="ConnectorStatus.Unknown"/>. Concurrent placements of one client order id in one process are one placement.
/// </para>
/// </remarks>
public abstract class BasePropConnector
{
    private readonly SingleFlight _placements = new();
    private FirmSettings? _settings;

    /// <summary>Creates the connector.</summary>
    /// <param name="firmCode">The firm code (case-insensitive; letters, digits and <c>_</c>).</param>
    /// <param name="context">The services from dependency injection.</param>
    /// <exception cref="ArgumentException">The firm code is empty or malformed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    protected BasePropConnector(string firmCode, ConnectorContext context)
    {
        FirmCode = FirmCodes.Normalize(firmCode);
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Logger = context.LoggerFactory.CreateLogger("PropConnectors.Connector." + FirmCode);
    }

    /// <summary>The firm code, upper case.</summary>
    public string FirmCode { get; }

    /// <summary>The firm's name in messages; the firm code unless a connector says otherwise.</summary>
    public virtual string DisplayName => FirmCode;

    /// <summary>The named account this connector serves (CONTRACT §11), or <see langword="null"/> for the firm's default account.</summary>
    public string? Account => Context.Account;

    /// <summary>What this connector can do beyond orders (reads, reduce-only closes); none unless a connector says so.</summary>
    public virtual ConnectorCapabilities Capabilities => ConnectorCapabilities.None;

    /// <summary>
    /// The current settings: the firm's named options (the name being <see cref="FirmCode"/>), and for a named account its
    /// own section bound over them.
    /// </summary>
    public PropFirmOptions Options => Context.AccountOptions is { } account ? account.For(Context.FirmOptions.Get(FirmCode)) : Context.FirmOptions.Get(FirmCode);

    /// <summary>Whether the firm is switched on and its configuration was read without problems.</summary>
    public bool IsEnabled => Options is { Enabled: true, ConfigurationProblems.Count: 0 };

    /// <summary>The services this connector was created with.</summary>
    protected ConnectorContext Context { get; }

    /// <summary>The logger of this connector.</summary>
    protected ILogger Logger { get; }

    /// <summary>The firm's settings as one snapshot per options instance (a configuration reload makes a new one).</summary>
    internal FirmSettings Settings
    {
        get
        {
            PropFirmOptions options = Options;
            FirmSettings? current = Volatile.Read(ref _settings);
            if (current is null || !ReferenceEquals(current.Options, options))
            {
                current = new FirmSettings(FirmCode, options, Context.TimeProvider);
                Volatile.Write(ref _settings, current);
            }

            return current;
        }
    }

    /// <summary>
    /// Why the firm cannot take a live order (disabled, key or base URL missing, plain http to a remote host, a malformed
    /// value), or <see langword="null"/> when it can. Names settings, never values.
    /// </summary>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public string? GetConfigurationProblem() => Settings.Problem;

    /// <summary>Whether the firm trades <paramref name="symbol"/> (case-insensitive).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns><see langword="true"/> when the firm's symbol list has it.</returns>
    public bool SupportsSymbol(string? symbol) => !string.IsNullOrWhiteSpace(symbol) && Settings.Symbols.Contains(symbol.Trim());

    /// <summary>The symbol this firm trades for a signal's symbol (CONTRACT §11): TradingView decorations removed, <c>SymbolMap</c> applied, in the firm's spelling.</summary>
    /// <param name="symbol">The symbol as the signal wrote it.</param>
    /// <returns>The firm's symbol.</returns>
    public string ResolveSymbol(string symbol) => Settings.ResolveSymbol(symbol);

    /// <summary>The firm's instrument for a symbol (its own or resolved), with configured overrides, or <see langword="null"/> when it has none.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The instrument, or <see langword="null"/>.</returns>
    public Instrument? FindInstrument(string symbol)
    {
        FirmSettings settings = Settings;
        return settings.Instruments.GetValueOrDefault(settings.ResolveSymbol(symbol));
    }

    /// <summary>Reads the account's balance and equity (CONTRACT §12). Under the dry-run gate nothing is sent: <see cref="ConnectorStatus.Skipped"/>.</summary>
    /// <param name="cancellationToken">Cancels the call; the only exception that can escape.</param>
    /// <returns>The state, or a failure with its error code (<see cref="ConnectorErrorCodes.NotSupported"/> when the connector cannot read it).</returns>
    public Task<ConnectorRead<AccountState>> GetAccountStateAsync(CancellationToken cancellationToken = default) =>
        ConnectorReads.RunAsync(this, ConnectorOperation.ReadAccountState, "the account state", static (c, ct) => c.ReadAccountStateAsync(ct), cancellationToken);

    /// <summary>Reads the account's open positions (CONTRACT §12). Under the dry-run gate nothing is sent: <see cref="ConnectorStatus.Skipped"/>.</summary>
    /// <param name="cancellationToken">Cancels the call; the only exception that can escape.</param>
    /// <returns>The positions (empty when flat), or a failure with its error code.</returns>
    public Task<ConnectorRead<IReadOnlyList<Position>>> GetPositionsAsync(CancellationToken cancellationToken = default) =>
        ConnectorReads.RunAsync(this, ConnectorOperation.ReadPositions, "the positions", static (c, ct) => c.ReadPositionsAsync(ct), cancellationToken);

    /// <summary>Reads the account's working orders (CONTRACT §12). Under the dry-run gate nothing is sent: <see cref="ConnectorStatus.Skipped"/>.</summary>
    /// <param name="cancellationToken">Cancels the call; the only exception that can escape.</param>
    /// <returns>The working orders (empty when none), or a failure with its error code.</returns>
    public Task<ConnectorRead<IReadOnlyList<WorkingOrder>>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) =>
        ConnectorReads.RunAsync(this, ConnectorOperation.ReadOpenOrders, "the working orders", static (c, ct) => c.ReadOpenOrdersAsync(ct), cancellationToken);

    /// <summary>
    /// Checks that the firm can be reached with its configuration. Under this SDK's REST contract that is a configuration
    /// check and sends nothing; a connector whose firm has a login call overrides <see cref="AuthenticateCoreAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ConnectorStatus.Success"/>, or a failure with its error code.</returns>
    public Task<ConnectorResult> AuthenticateAsync(CancellationToken cancellationToken = default) =>
        RunAsync(ConnectorOperation.Authenticate, id: null, order: null, PlacementOptions.Default, cancellationToken);

    /// <summary>Places <paramref name="order"/> at the firm, at most once (CONTRACT §4).</summary>
    /// <param name="order">The order; its client order id is the idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call; the only exception that can escape.</param>
    /// <returns>The result; never <see langword="null"/>.</returns>
    public Task<ConnectorResult> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken) =>
        PlaceOrderAsync(order, PlacementOptions.Default, cancellationToken);

    /// <summary>Places <paramref name="order"/> at the firm, at most once, within the bounds of <paramref name="options"/>.</summary>
    /// <param name="order">The order; its client order id is the idempotency key.</param>
    /// <param name="options">How many order requests and rounds the placement may use, and whether it is only a preview; <see langword="null"/>: <see cref="PlacementOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the call; the only exception that can escape.</param>
    /// <returns>The result; never <see langword="null"/>.</returns>
    public Task<ConnectorResult> PlaceOrderAsync(OrderRequest order, PlacementOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= PlacementOptions.Default;
        return RunAsync(ConnectorOperation.PlaceOrder, order?.ClientOrderId, order, options, cancellationToken);
    }

    /// <summary>Asks the firm for an order's status.</summary>
    /// <param name="orderId">The firm's order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ConnectorStatus.Success"/> with <see cref="ConnectorResult.OrderStatus"/>, or a failure (<see cref="ConnectorErrorCodes.OrderNotFound"/> on 404).</returns>
    public Task<ConnectorResult> GetOrderStatusAsync(string orderId, CancellationToken cancellationToken = default) =>
        RunAsync(ConnectorOperation.GetOrderStatus, orderId, order: null, PlacementOptions.Default, cancellationToken);

    /// <summary>Asks the firm to cancel an order.</summary>
    /// <param name="orderId">The firm's order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ConnectorStatus.Success"/>, or a failure (<see cref="ConnectorErrorCodes.OrderNotFound"/> on 404).</returns>
    public Task<ConnectorResult> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        RunAsync(ConnectorOperation.CancelOrder, orderId, order: null, PlacementOptions.Default, cancellationToken);

    /// <summary>Looks an order up by its client order id: what to do after an <see cref="ConnectorStatus.Unknown"/> result.</summary>
    /// <param name="clientOrderId">The client order id the order was placed under.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see cref="ConnectorStatus.Success"/> with the firm's order id when the firm holds it, <see cref="ConnectorErrorCodes.OrderNotFound"/> when it provably does not.</returns>
    public Task<ConnectorResult> FindOrderAsync(string clientOrderId, CancellationToken cancellationToken = default) =>
        RunAsync(ConnectorOperation.FindOrder, clientOrderId, order: null, PlacementOptions.Default, cancellationToken);

    /// <summary>Sends one order request; the base class decides about retries and lookups. Throwing is a bug: the order is then looked up.</summary>
    /// <param name="order">The valid order; its client order id must travel as the firm's idempotency key.</param>
    /// <param name="cancellationToken">Cancels the request (the caller's token combined with the attempt timeout).</param>
    /// <returns>What the request established.</returns>
    protected abstract ValueTask<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken);

    /// <summary>
    /// Looks an order up by client order id: <see cref="FirmReplyKind.Accepted"/> with its id when found (with
    /// <see cref="FirmReply.ClientOrderId"/> set when the protocol names it), <see cref="FirmReplyKind.NotFound"/> only when
    /// the firm says it does not exist.
    /// </summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the request established.</returns>
    protected abstract ValueTask<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken);

    /// <summary>Reads an order's status.</summary>
    /// <param name="orderId">The firm's order id, already checked to be a safe single path segment.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the request established.</returns>
    protected abstract ValueTask<FirmReply> GetOrderStatusCoreAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Cancels an order.</summary>
    /// <param name="orderId">The firm's order id, already checked to be a safe single path segment.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the request established; <see cref="FirmReplyKind.Accepted"/> when cancelled.</returns>
    protected abstract ValueTask<FirmReply> CancelOrderCoreAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Authenticates; by default a configuration check only, with no request.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the request established.</returns>
    protected virtual ValueTask<FirmReply> AuthenticateCoreAsync(CancellationToken cancellationToken) => new(FirmReply.Of(FirmReplyKind.Accepted));

    /// <summary>Reads the account state; a connector that can sets <see cref="ConnectorCapabilities.AccountState"/>.</summary>
    /// <param name="cancellationToken">Cancels the request (the caller's token combined with the firm's time budget).</param>
    /// <returns>The exchange and the state read from it.</returns>
    protected virtual ValueTask<FirmRead<AccountState>> ReadAccountStateAsync(CancellationToken cancellationToken) => new(FirmRead.Unsupported<AccountState>());

    /// <summary>Reads the open positions; a connector that can sets <see cref="ConnectorCapabilities.Positions"/>.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The exchange and the positions read from it.</returns>
    protected virtual ValueTask<FirmRead<IReadOnlyList<Position>>> ReadPositionsAsync(CancellationToken cancellationToken) => new(FirmRead.Unsupported<IReadOnlyList<Position>>());

    /// <summary>Reads the working orders; a connector that can sets <see cref="ConnectorCapabilities.OpenOrders"/>.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The exchange and the orders read from it.</returns>
    protected virtual ValueTask<FirmRead<IReadOnlyList<WorkingOrder>>> ReadOpenOrdersAsync(CancellationToken cancellationToken) => new(FirmRead.Unsupported<IReadOnlyList<WorkingOrder>>());

    /// <summary>Describes the request <see cref="SendOrderAsync"/> would send, for the dry-run preview and for results of attempts that report none. Must hold no secret.</summary>
    /// <param name="order">The order.</param>
    /// <returns>The description, or <see langword="null"/> when the connector cannot tell.</returns>
    protected virtual RawRequest? DescribeOrderRequest(OrderRequest order) => null;

    internal TimeProvider ContextTimeProvider => Context.TimeProvider;

    internal ILogger ConnectorLogger => Logger;

    internal bool GlobalDryRun => Context.GlobalOptions.CurrentValue.DryRun;

    // The protocol members, as the placement engine and the call helpers in this assembly call them.
    internal ValueTask<FirmReply> SendOrderCallAsync(OrderRequest order, CancellationToken cancellationToken) => SendOrderAsync(order, cancellationToken);

    internal ValueTask<FirmReply> FindOrderCallAsync(string clientOrderId, CancellationToken cancellationToken) => FindOrderByClientOrderIdAsync(clientOrderId, cancellationToken);

    internal ValueTask<FirmReply> StatusCallAsync(string orderId, CancellationToken cancellationToken) => GetOrderStatusCoreAsync(orderId, cancellationToken);

    internal ValueTask<FirmReply> CancelCallAsync(string orderId, CancellationToken cancellationToken) => CancelOrderCoreAsync(orderId, cancellationToken);

    internal ValueTask<FirmReply> AuthenticateCallAsync(CancellationToken cancellationToken) => AuthenticateCoreAsync(cancellationToken);

    // The order is described only for a preview or a result whose attempts reported no request; a connector whose
    // description throws gets no raw_request rather than an error (the placement's outcome is already known).
    internal RawRequest? TryDescribe(OrderRequest order)
    {
        try
        {
            return DescribeOrderRequest(order);
        }
#pragma warning disable CA1031 // A failing description must not change a placement's outcome.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ConnectorThrew(Logger, "describe_order", FirmCode, ex.GetType().FullName ?? ex.GetType().Name, Settings.Secrets.MaskText(ex.Message) ?? string.Empty);
            return null;
        }
    }

    // Nothing to send (invalid, refused, previewed): the result at once; otherwise the placement, one per client order id.
    private ValueTask<ConnectorResult> PlaceAsync(OrderRequest? order, PlacementOptions options, CancellationToken cancellationToken)
    {
        FirmSettings settings = Settings;
        order = order is null ? null : settings.Prepare(order);
        return OrderPreflight.Check(this, order, settings, preview: options.Preview || GlobalDryRun) is { } settled
            ? ValueTask.FromResult(settled)
            : _placements.RunAsync(order!.ClientOrderId, new PlacementEngine(this, settings, order, options), cancellationToken);
    }

    private async Task<ConnectorResult> RunAsync(ConnectorOperation operation, string? id, OrderRequest? order, PlacementOptions options, CancellationToken cancellationToken)
    {
        using var telemetry = new ConnectorCall(this, operation, options.ReportedByCaller);
        ConnectorResult result;
        try
        {
            result = operation switch
            {
                ConnectorOperation.PlaceOrder => await PlaceAsync(order, options, cancellationToken).ConfigureAwait(false),
                ConnectorOperation.Authenticate => await ConnectorCalls.AuthenticateAsync(this, cancellationToken).ConfigureAwait(false),
                _ => await ConnectorCalls.OrderCallAsync(this, operation, id, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            telemetry.Cancelled();
            throw;
        }
#pragma warning disable CA1031 // No exception may escape into the host (CONTRACT §5): a bug inside a connector becomes CONNECTOR_ERROR.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = ResultWording.Threw(this, operation, ex, operation == ConnectorOperation.PlaceOrder ? order?.ClientOrderId : id);
        }

        return telemetry.Finish(Account is null ? result : result with { Account = Account });
    }
}
