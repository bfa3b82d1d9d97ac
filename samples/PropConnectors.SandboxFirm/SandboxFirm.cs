using PropConnectors.SandboxFirm.Internal;

namespace PropConnectors.SandboxFirm;

/// <summary>
/// One simulated prop firm served by a <see cref="SandboxFirmServer"/> under <c>/firms/{code}/v1</c>: its API key, its
/// in-memory order book, its request log and the faults it injects. Every member is thread-safe.
/// </summary>
public sealed class SandboxFirm
{
    private readonly Lock _gate = new();
    private readonly string _apiKey;
    private readonly TimeProvider _time;
    private readonly int _requestLogCapacity;

    private readonly TradingDesk _desk;
    private readonly FaultPlan _faults = new();

    // Request log (guarded by _gate).
    private readonly Queue<SandboxRequest> _requests = new();
    private readonly CountSignal _logged = new();
    private readonly CountSignal _received = new();

    private long _latencyTicks;
    private volatile bool _honoursIdempotencyKey = true;

    internal SandboxFirm(string code, string apiKey, Uri serverBaseAddress, TimeProvider time, int requestLogCapacity)
    {
        Code = code;
        _apiKey = apiKey;
        _time = time;
        _requestLogCapacity = requestLogCapacity;
        BaseUrl = new Uri(serverBaseAddress, $"firms/{code}/v1");
        _desk = new TradingDesk(code);
    }

    /// <summary>The firm code, upper case (requests match it case-insensitively).</summary>
    public string Code { get; }

    /// <summary>The firm's base URL, for example <c>http://127.0.0.1:54321/firms/FTMO/v1</c>; the contract's calls append <c>/orders</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>A snapshot of the order book, oldest first.</summary>
    public IReadOnlyList<SandboxOrder> Orders => _desk.Book.Snapshot();

    /// <summary>A snapshot of every account (the default account, with no id, first), with its positions.</summary>
    public IReadOnlyList<SandboxAccount> Accounts => _desk.Accounts();

    /// <summary>A snapshot of the request log, in the order the answers were decided (oldest first).</summary>
    public IReadOnlyList<SandboxRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many queued faults (counting <see cref="SandboxFault.Times"/>) are still waiting for a matching request.</summary>
    public int PendingFaultCount => _faults.PendingCount;

    /// <summary>
    /// Whether a repeated <c>POST</c> with an <c>Idempotency-Key</c> already seen returns the first order (200, no new
    /// order). Default <see langword="true"/>; <see langword="false"/> simulates a firm that ignores the header, so every
    /// <c>POST</c> creates an order.
    /// </summary>
    public bool HonoursIdempotencyKey
    {
        get => _honoursIdempotencyKey;
        set => _honoursIdempotencyKey = value;
    }

    /// <summary>A fixed delay before every answer of this firm (default zero), on the server's <see cref="TimeProvider"/>.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>
    /// Queues <paramref name="fault"/> for the next <see cref="SandboxFault.Times"/> requests whose method matches
    /// <see cref="SandboxFault.Method"/>. Queued faults are used first in, first out, and before any random fault.
    /// </summary>
    /// <param name="fault">The fault.</param>
    public void EnqueueFault(SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _faults.Enqueue(fault);
    }

    /// <summary>
    /// From now on, each request whose method matches at least one of <paramref name="kinds"/> (and that no queued fault
    /// took) draws one number from a generator seeded with <paramref name="seed"/>: with <paramref name="probability"/> it
    /// gets one of the matching kinds, chosen uniformly. The n-th matching request always gets the same outcome for the
    /// same seed (deterministic; thread-safe). Replaces any earlier random faults.
    /// </summary>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="probability">The chance, 0 to 1, that a matching request gets a fault.</param>
    /// <param name="kinds">The faults to draw from (their <see cref="SandboxFault.Times"/> is ignored); at least one.</param>
    public void SetRandomFaults(int seed, double probability, params SandboxFault[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must be between 0 and 1.");
        }

        if (kinds.Length == 0 || Array.Exists(kinds, k => k is null))
        {
            throw new ArgumentException("At least one fault, and no null fault, is needed.", nameof(kinds));
        }

        _faults.SetRandom(seed, probability, kinds);
    }

    /// <summary>Removes every queued fault and turns random faults off.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>
    /// Sets the mark of <paramref name="symbol"/>: MARKET orders fill at it from now on, equity follows it, and the resting
    /// LIMIT and STOP orders it crosses fill (a LIMIT at its price, a STOP at the mark).
    /// </summary>
    /// <param name="symbol">The symbol, as orders spell it (case-insensitive).</param>
    /// <param name="price">The price, greater than zero.</param>
    /// <param name="pointValue">Account currency per point per unit of quantity (for example 20 for NQ); <see langword="null"/> keeps the one set before, or 1.</param>
    public void SetPrice(string symbol, decimal price, decimal? pointValue = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        if (pointValue is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        }

        _desk.SetMark(symbol, price, pointValue);
    }

    /// <summary>Creates an account, or sets an existing one's balances (its positions stay).</summary>
    /// <param name="settings">The account and its balances.</param>
    public void SetAccount(SandboxAccountSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.AccountId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(settings.AccountId, nameof(settings));
        }

        _desk.SetAccount(settings);
    }

    /// <summary>Fills at <paramref name="price"/> as an order would, without an order: sets up a position for a test or demo.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="side"><c>BUY</c> or <c>SELL</c>.</param>
    /// <param name="quantity">The quantity, greater than zero.</param>
    /// <param name="price">The fill price, greater than zero.</param>
    /// <param name="accountId">The account (it must exist); <see langword="null"/> for the default account.</param>
    public void Fill(string symbol, string side, decimal quantity, decimal price, string? accountId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        _desk.Fill(accountId, symbol, NormalizeSide(side), quantity, price);
    }

    /// <summary>Rests a LIMIT order (with no client order id) as a <c>POST</c> would, without a request: a working order for a test or demo.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="side"><c>BUY</c> or <c>SELL</c>.</param>
    /// <param name="quantity">The quantity, greater than zero.</param>
    /// <param name="limitPrice">The limit price; it rests until a mark crosses it.</param>
    /// <param name="accountId">The account (it must exist); <see langword="null"/> for the default account.</param>
    /// <returns>The order as stored.</returns>
    public SandboxOrder RestOrder(string symbol, string side, decimal quantity, decimal limitPrice, string? accountId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitPrice);
        var order = new ValidOrder(null, symbol, NormalizeSide(side), quantity, "LIMIT") { Price = limitPrice, AccountId = accountId };
        return _desk.Place(order, null, string.Empty, honours: false, _time.GetUtcNow()) is { Order: { } stored }
            ? stored
            : throw new InvalidOperationException($"The account {accountId ?? "(default)"} does not exist.");
    }

    /// <summary>A snapshot of one account, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="accountId">The account id; <see langword="null"/> for the default account.</param>
    /// <returns>The account.</returns>
    public SandboxAccount? GetAccount(string? accountId = null) => _desk.Account(accountId);

    /// <summary>
    /// Back to a new firm with the same code and key: clears orders (the id counter restarts at 1), idempotency keys, accounts (back to the
    /// default one at 100,000 USD), marks, the request log and every fault, and sets <see cref="Latency"/> to zero and <see cref="HonoursIdempotencyKey"/> to true.
    /// </summary>
    public void Reset()
    {
        _desk.Clear();
        _faults.Clear();
        lock (_gate)
        {
            _requests.Clear();
            _logged.Reset();
            _received.Reset();
        }

        Latency = TimeSpan.Zero;
        HonoursIdempotencyKey = true;
    }

    /// <summary>
    /// Completes when this firm has logged (answered, dropped, or seen aborted) at least <paramref name="count"/> requests
    /// since it was created or last <see cref="Reset"/>; entries dropped by the log's capacity still count. Once it
    /// completes, <see cref="Requests"/> holds those entries. Lets a test wait on a signal, not a sleep.
    /// </summary>
    /// <param name="count">The number of requests to wait for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the count is reached.</returns>
    public Task WaitForRequestsAsync(int count, CancellationToken cancellationToken = default) =>
        _logged.WaitAsync(count, cancellationToken);

    /// <summary>
    /// Completes when at least <paramref name="count"/> requests for this firm have arrived (before latency, faults or any
    /// answer) since it was created or last <see cref="Reset"/>. Use it to act while a request is still in flight, for
    /// example to cancel a caller during a <see cref="SandboxFault.Delay"/>.
    /// </summary>
    /// <param name="count">The number of requests to wait for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the count is reached.</returns>
    public Task WaitForRequestsReceivedAsync(int count, CancellationToken cancellationToken = default) =>
        _received.WaitAsync(count, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => $"SandboxFirm {Code} at {BaseUrl}";

    // ---- used by the request handlers -------------------------------------------------------------------------------

    private static string NormalizeSide(string side) =>
        side?.ToUpperInvariant() is "BUY" or "SELL" ? side.ToUpperInvariant() : throw new ArgumentException("The side must be BUY or SELL.", nameof(side));

    internal bool IsValidAuthorization(string? header)
    {
        const string Scheme = "Bearer ";
        return header is not null
            && header.Length == Scheme.Length + _apiKey.Length
            && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && header.AsSpan(Scheme.Length).SequenceEqual(_apiKey);
    }

    internal DateTimeOffset Now => _time.GetUtcNow();

    internal TimeProvider Time => _time;

    internal SandboxFault? DrawFault(string method, string path) => _faults.Draw(method, path);

    internal (SandboxOrder? Order, bool Replayed, Reply? Error) PlaceOrder(ValidOrder order, string? idempotencyKey, string rawBody) =>
        _desk.Place(order, idempotencyKey, rawBody, HonoursIdempotencyKey, _time.GetUtcNow());

    internal List<SandboxOrder>? OpenOrders(string? accountId) => _desk.OpenOrders(accountId);

    /// <summary>The first order for an idempotency key already seen, when the firm honours the header.</summary>
    internal SandboxOrder? FindReplay(string? idempotencyKey) => _desk.Book.FindReplay(idempotencyKey, HonoursIdempotencyKey);

    internal SandboxOrder? FindById(string orderId) => _desk.Book.FindById(orderId);

    internal SandboxOrder? FindByClientOrderId(string clientOrderId) => _desk.Book.FindByClientOrderId(clientOrderId);

    /// <summary>Cancels an order: the order after the call, or null when unknown. A FILLED order is returned unchanged.</summary>
    internal SandboxOrder? Cancel(string orderId) => _desk.Book.Cancel(orderId);

    internal void Received() => _received.Increment();

    internal void Log(SandboxRequest request)
    {
        lock (_gate)
        {
            _requests.Enqueue(request);
            while (_requests.Count > _requestLogCapacity)
            {
                _requests.Dequeue();
            }

            // Inside the lock: the log and the count a waiter sees never disagree.
            _logged.Increment();
        }
    }
}
