using System.Globalization;
using System.Runtime.CompilerServices;
using Polly;
using Polly.Timeout;

namespace PropConnectors.Placement;

/// <summary>What one request to the firm gave: its reply, or the exception the protocol code threw.</summary>
internal readonly record struct Attempt(FirmReply? Reply, Exception? Fault)
{
    /// <summary>
    /// Runs one protocol call under a timeout pipeline (<see cref="PlacementPolicy.Attempt"/> or <see cref="PlacementPolicy.Call"/>).
    /// The timeout firing is a <see cref="FirmReplyKind.TimedOut"/> reply; the caller's cancellation propagates; any other
    /// exception is the attempt's fault, for the placement to look into (the request may have reached the firm).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Attempt> RunAsync<TState>(
        ResiliencePipeline<FirmReply> timeout,
        Func<TState, CancellationToken, ValueTask<FirmReply>> call,
        TState state,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            Outcome<FirmReply> outcome = await timeout.ExecuteOutcomeAsync(
                [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] static async ValueTask<Outcome<FirmReply>> (ctx, s) =>
                {
                    try
                    {
                        return Outcome.FromResult(await s.Call(s.State, ctx.CancellationToken).ConfigureAwait(false));
                    }
#pragma warning disable CA1031 // The protocol code's failure is an outcome: the placement decides what it means.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<FirmReply>(ex);
                    }
                },
                context,
                (Call: call, State: state)).ConfigureAwait(false);

            switch (outcome.Exception)
            {
                case null:
                    return new Attempt(outcome.Result, null);
                case TimeoutRejectedException timedOut:
                    return new Attempt(FirmReply.Of(FirmReplyKind.TimedOut, "no answer within " + Seconds(timedOut.Timeout)), null);
                case OperationCanceledException when cancellationToken.IsCancellationRequested:
                    outcome.ThrowIfException();
                    return default;
                default:
                    return new Attempt(null, outcome.Exception);
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>A duration as messages write it: <c>2.5 s</c>.</summary>
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
