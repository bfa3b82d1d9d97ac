using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PropConnectors.Results;

namespace PropConnectors.Placement;

/// <summary>
/// Concurrent placements of one client order id in one process are one placement: the first caller places the order,
/// the others wait for its result. A firm that ignores <c>Idempotency-Key</c> would otherwise get two requests at once,
/// each looking the order up before the other has placed it. A caller that cancels leaves the others waiting for a
/// placement of their own.
/// </summary>
internal sealed class SingleFlight
{
    private readonly ConcurrentDictionary<string, Task<ConnectorResult>> _inFlight = new(StringComparer.Ordinal);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ConnectorResult> RunAsync(string key, PlacementEngine placement, CancellationToken cancellationToken)
    {
        // Bounded: each pass either leads or waits for a leader that has since finished.
        for (int pass = 0; ; pass++)
        {
            var lead = new TaskCompletionSource<ConnectorResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<ConnectorResult> current = _inFlight.GetOrAdd(key, lead.Task);
            if (!ReferenceEquals(current, lead.Task))
            {
                try
                {
                    return await current.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && pass < 8)
                {
                    continue; // the leader's caller cancelled: this caller still wants the order placed
                }
            }

            try
            {
                ConnectorResult result = await placement.RunAsync(cancellationToken).ConfigureAwait(false);
                lead.SetResult(result);
                return result;
            }
            catch (OperationCanceledException ex)
            {
                lead.SetCanceled(ex.CancellationToken);
                throw;
            }
            catch (Exception ex)
            {
                lead.SetException(ex);
                throw;
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<string, Task<ConnectorResult>>(key, lead.Task));
            }
        }
    }
}
