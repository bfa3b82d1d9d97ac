using System.Runtime.CompilerServices;
using Polly;
using Polly.Timeout;
using PropConnectors.Orders;
using PropConnectors.Preflight;
using PropConnectors.Results;
using PropConnectors.Security;
using PropConnectors.Telemetry;

namespace PropConnectors.Placement;

/// <summary>
/// One order's placement under CONTRACT §4: rounds of order requests, each round under the firm's time budget; after an
/// ambiguous answer the order is looked up before anything else is sent; it is sent again only while the firm provably
/// does not hold it; a round that ends <see cref="ConnectorStatus.Retry"/> may be followed by re-attempt rounds
/// (<see cref="PlacementOptions.ReAttempts"/>) under one attempt ceiling. Every request carries the same client order id.
/// </summary>
internal sealed class PlacementEngine(BasePropConnector connector, FirmSettings settings, OrderRequest order, PlacementOptions options)
{
    private readonly TimeProvider _time = connector.ContextTimeProvider;

    // This round.
    private long _roundStarted;
    private int _roundAttempts;
    private int _roundBudget;
    private int _roundPasses;
    private bool _maybePlaced;
    private FirmReply? _lastReply;
    private PlacementStep? _lastAbsent;
    private string? _budgetNote;

    /// <summary>Order requests sent, across every round.</summary>
    public int Sent { get; private set; }

    /// <summary>Rounds run so far.</summary>
    public int Rounds { get; private set; }

    private int Ceiling => options.AttemptCeiling is > 0 and var ceiling ? ceiling : int.MaxValue;


    /// <summary>What is left of the current round's time budget (negative once it has passed).</summary>
    public TimeSpan RoundTimeLeft => settings.Policy.Timeout - _time.GetElapsedTime(_roundStarted);

    /// <summary>The placement: its first round, and re-attempt rounds while a round ends <see cref="ConnectorStatus.Retry"/> within the bounds.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ConnectorResult> RunAsync(CancellationToken cancellationToken)
    {
        ConnectorResult result = await RunRoundAsync(cancellationToken).ConfigureAwait(false);
        if (!MayReAttempt(result))
        {
            return result.Status == ConnectorStatus.Retry ? result with { ErrorMessage = result.ErrorMessage + ReAttemptNote() } : result;
        }

        result = await PlacementPolicy.ContinueAsync(settings.Policy.ReAttempts, result, this, static (e, ct) => e.RunRoundAsync(ct), cancellationToken).ConfigureAwait(false);
        return result.Status == ConnectorStatus.Retry ? result with { ErrorMessage = result.ErrorMessage + ReAttemptNote() } : result;
    }

    /// <summary>Whether another order request may follow <paramref name="step"/> in this round: only when the firm provably does not hold the order, within the attempt and time budget.</summary>
    public bool MaySendAgain(PlacementStep step)
    {
        if (step.Kind != PlacementStepKind.Absent)
        {
            return false;
        }

        _lastAbsent = step;
        if (Math.Max(_roundAttempts, _roundPasses) >= _roundBudget)
        {
            _budgetNote = $"after {Plural(_roundAttempts)}, the most allowed";
            return false;
        }

        TimeSpan wait = step.Reply.RetryAfter ?? TimeSpan.Zero;
        if (wait >= RoundTimeLeft)
        {
            _budgetNote = $"after {Plural(_roundAttempts)}; the next wait of {Attempt.Seconds(wait)} would pass the {Attempt.Seconds(settings.Policy.Timeout)} budget";
            return false;
        }

        return true;
    }

    /// <summary>Whether a round that ended in <paramref name="result"/> is followed by another.</summary>
    public bool MayReAttempt(ConnectorResult result) =>
        result.Status == ConnectorStatus.Retry
        && (result.RetryAfter is null || result.RetryAfter <= PlacementPolicy.MaxReAttemptDelay)
        && Rounds <= options.ReAttempts
        && Sent < Ceiling;

    public void OnReAttempt(ConnectorResult? result, TimeSpan delay) =>
        Log.ReAttempting(connector.ConnectorLogger, connector.FirmCode, order.ClientOrderId, result?.ErrorCode, Sent, Rounds, delay.TotalMilliseconds);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConnectorResult> RunRoundAsync(CancellationToken cancellationToken)
    {
        Rounds++;
        _roundStarted = _time.GetTimestamp();
        _roundAttempts = 0;
        _roundPasses = 0;
        _roundBudget = Math.Max(1, Math.Min(options.MaxAttempts ?? settings.Options.MaxAttempts, Ceiling - Sent));
        _maybePlaced = false;
        _lastAbsent = null;
        _budgetNote = null;

        // The first pass is the first attempt; only when the firm provably does not hold the order does the round's
        // policy carry on from there (a backoff, more passes, what is left of the round's time).
        PlacementStep step;
        try
        {
            step = await PassAsync(cancellationToken).ConfigureAwait(false);
            if (step.Kind == PlacementStepKind.Absent)
            {
                step = await PlacementPolicy.ContinueAsync(settings.Policy.Round, step, this, static (e, ct) => e.PassAsync(ct), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutRejectedException)
        {
            step = OnRoundTimedOut();
        }

        return ResultWording.Placement(connector, order, step, Sent, _lastReply, _budgetNote);
    }

    /// <summary>One pass of a round: (a lookup first, for a firm that ignores the idempotency key) an order request, and what its answer settles.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PlacementStep> PassAsync(CancellationToken cancellationToken)
    {
        _roundPasses++;
        if (!settings.Options.HonoursIdempotencyKey && await LookUpBeforeSendingAsync(cancellationToken).ConfigureAwait(false) is { } settled)
        {
            return settled;
        }

        _roundAttempts++;
        Sent++;
        _maybePlaced = true;
        Attempt sent = await Attempt.RunAsync(static (e, ct) => e.SendAsync(ct), this, settings.Policy.AttemptTimeout, _time, cancellationToken).ConfigureAwait(false);
        if (sent.Fault is { } fault)
        {
            return await AfterFaultAsync(fault, cancellationToken).ConfigureAwait(false);
        }

        return Settle(sent.Reply!) ?? await LookUpAfterAsync(sent.Reply!, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<FirmReply> SendAsync(CancellationToken cancellationToken) => connector.SendOrderCallAsync(order, cancellationToken);

    private ValueTask<FirmReply> FindAsync(CancellationToken cancellationToken) => connector.FindOrderCallAsync(order.ClientOrderId, cancellationToken);

    /// <summary>What an order request's reply settles by itself, or <see langword="null"/> when it is ambiguous and the order must be looked up.</summary>
    private PlacementStep? Settle(FirmReply reply)
    {
        _lastReply = reply;
        switch (reply.Kind)
        {
            case FirmReplyKind.Accepted when !string.IsNullOrEmpty(reply.OrderId):
                _maybePlaced = false;
                return PlacementStep.Settled(reply);
            case FirmReplyKind.Accepted or FirmReplyKind.InvalidResponse:
                // A 2xx without an order id, or one that cannot be read: the firm may hold the order.
                return PlacementStep.Settled(reply with { Kind = FirmReplyKind.InvalidResponse, Message = reply.Message ?? "the answer has no order_id" });
            case FirmReplyKind.Rejected or FirmReplyKind.AuthFailed or FirmReplyKind.NotFound:
                _maybePlaced = false;
                return PlacementStep.Settled(reply);
            case FirmReplyKind.RateLimited or FirmReplyKind.NotSent:
                _maybePlaced = false;
                Log.AttemptFailed(connector.ConnectorLogger, connector.FirmCode, order.ClientOrderId, Sent, reply.Kind, reply.HttpStatus);
                return PlacementStep.Absent(reply);
            default:
                return null;
        }
    }

    /// <summary>Ambiguous: the firm may hold the order. Ask before anything else is sent.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PlacementStep> LookUpAfterAsync(FirmReply reply, CancellationToken cancellationToken)
    {
        Log.AttemptFailed(connector.ConnectorLogger, connector.FirmCode, order.ClientOrderId, Sent, reply.Kind, reply.HttpStatus);
        FirmReply lookup = await LookUpAsync(cancellationToken).ConfigureAwait(false);
        Log.LookedUp(connector.ConnectorLogger, connector.FirmCode, order.ClientOrderId, reply.Kind, lookup.Kind);
        if (Evidence.Holds(lookup, order.ClientOrderId))
        {
            _maybePlaced = false;
            return PlacementStep.Settled(lookup);
        }

        if (lookup.Kind == FirmReplyKind.NotFound)
        {
            _maybePlaced = false;
            return PlacementStep.Absent(reply);
        }

        return PlacementStep.Unknown(reply);
    }

    /// <summary>
    /// For a firm that does not honour <c>Idempotency-Key</c> a repeated request would be a second order: ask first.
    /// <see langword="null"/> when the firm says it does not hold the order (send it), else the step to take.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PlacementStep?> LookUpBeforeSendingAsync(CancellationToken cancellationToken)
    {
        FirmReply lookup = await LookUpAsync(cancellationToken).ConfigureAwait(false);
        if (lookup.Kind == FirmReplyKind.NotFound)
        {
            return null;
        }

        if (Evidence.Holds(lookup, order.ClientOrderId))
        {
            return PlacementStep.Settled(lookup);
        }

        if (lookup.Kind is FirmReplyKind.AuthFailed or FirmReplyKind.Rejected or FirmReplyKind.InvalidResponse or FirmReplyKind.Accepted)
        {
            return PlacementStep.Settled(lookup.Kind == FirmReplyKind.Accepted
                ? lookup with { Kind = FirmReplyKind.InvalidResponse, Message = Evidence.Why(lookup, order.ClientOrderId) }
                : lookup);
        }

        // The firm could not say whether it holds the order: nothing is sent this pass.
        Log.AttemptFailed(connector.ConnectorLogger, connector.FirmCode, order.ClientOrderId, Sent, lookup.Kind, lookup.HttpStatus);
        bool limited = lookup.Kind == FirmReplyKind.RateLimited;
        return PlacementStep.Absent(lookup with
        {
            Kind = limited ? FirmReplyKind.RateLimited : FirmReplyKind.NotSent,
            ErrorCode = limited ? null : ConnectorErrorCodes.FirmUnavailable,
            Message = $"it could not be checked whether {connector.DisplayName} already holds the order ({ResultWording.Describe(lookup)}); {connector.DisplayName} does not honour Idempotency-Key, so nothing was sent",
        });
    }

    /// <summary>
    /// The protocol code threw while sending: a bug, but the request may already have reached the firm. Found: it holds
    /// the order; provably absent: <see cref="ConnectorErrorCodes.ConnectorError"/>; otherwise the result is UNKNOWN.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PlacementStep> AfterFaultAsync(Exception fault, CancellationToken cancellationToken)
    {
        Log.ConnectorThrew(connector.ConnectorLogger, "place_order", connector.FirmCode, fault.GetType().FullName ?? fault.GetType().Name, settings.Secrets.MaskText(fault.Message) ?? string.Empty);
        FirmReply lookup = await LookUpAsync(cancellationToken).ConfigureAwait(false);
        if (Evidence.Holds(lookup, order.ClientOrderId))
        {
            _maybePlaced = false;
            return PlacementStep.Settled(lookup);
        }

        FirmReply threw = new()
        {
            Kind = FirmReplyKind.ConnectionLost,
            ErrorCode = ConnectorErrorCodes.ConnectorError,
            Message = $"{fault.GetType().Name}: {fault.Message}",
        };
        if (lookup.Kind == FirmReplyKind.NotFound)
        {
            _maybePlaced = false;
            return new PlacementStep(PlacementStepKind.Faulted, threw, fault);
        }

        return new PlacementStep(PlacementStepKind.Unknown, threw, fault);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FirmReply> LookUpAsync(CancellationToken cancellationToken)
    {
        Attempt lookup = await Attempt.RunAsync(static (e, ct) => e.FindAsync(ct), this, settings.Policy.AttemptTimeout, _time, cancellationToken).ConfigureAwait(false);
        return lookup.Reply ?? FirmReply.Of(FirmReplyKind.InvalidResponse, "the lookup failed");
    }

    private PlacementStep OnRoundTimedOut()
    {
        FirmReply timedOut = FirmReply.Of(FirmReplyKind.TimedOut, $"no settled answer within {Attempt.Seconds(settings.Policy.Timeout)}");
        if (_maybePlaced)
        {
            return PlacementStep.Unknown(timedOut);
        }

        if (_lastAbsent is { } absent)
        {
            _budgetNote = $"after {Plural(_roundAttempts)} within the {Attempt.Seconds(settings.Policy.Timeout)} budget";
            return absent;
        }

        return PlacementStep.Absent(timedOut);
    }

    private string ReAttemptNote()
    {
        if (Sent >= Ceiling)
        {
            Log.CeilingReached(connector.ConnectorLogger, connector.FirmCode, order.ClientOrderId, Sent, Ceiling);
            return $" Stopped after {Sent} order requests, the most allowed for one task at one firm (AttemptCeiling; the router sets it from MaxAttemptsPerFirm).";
        }

        return Rounds > 1 ? $" Tried {Rounds} times ({Sent} order requests)." : string.Empty;
    }

    private static string Plural(int attempts) => $"{attempts} attempt{(attempts == 1 ? string.Empty : "s")}";
}
