using System.Globalization;
using System.Runtime.CompilerServices;

namespace PropConnectors.Placement;

/// <summary>What one request to the firm gave: its reply, or the exception the protocol code threw.</summary>
internal readonly record struct Attempt(FirmReply? Reply, Exception? Fault)
{
    /// <summary>
    /// Runs one protocol call under <paramref name="timeout"/> on the context's clock, linked to the caller's token. The
    /// timeout firing is a <see cref="FirmReplyKind.TimedOut"/> reply; the caller's cancellation propagates; any other
    /// exception is the attempt's fault, for the placement to look into (the request may have reached the firm).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Attempt> RunAsync<TState>(
        Func<TState, CancellationToken, ValueTask<FirmReply>> call,
        TState state,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using CancellationTokenRegistration link = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timer);
        try
        {
            return new Attempt(await call(state, timer.Token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            return new Attempt(FirmReply.Of(FirmReplyKind.TimedOut, "no answer within " + Seconds(timeout)), null);
        }
#pragma warning disable CA1031 // The protocol code's failure is an outcome: the placement decides what it means.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new Attempt(null, ex);
        }
    }

    /// <summary>A duration as messages write it: <c>2.5 s</c>.</summary>
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
