using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace PropConnectors.Routing.Hosting;

/// <summary>
/// The in-process <see cref="ITaskQueue"/> the background service reads: a bounded channel, drained
/// before each poll and between the tasks of a polled batch, and finished when the service stops.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue: first in, first out.")]
public sealed class ExecutionQueue : ITaskQueue
{
    private readonly Channel<ExecutionTask> _channel;

    /// <summary>Creates the queue.</summary>
    /// <param name="options">The routing options (<see cref="RoutingOptions.QueueCapacity"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public ExecutionQueue(IOptions<RoutingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = Channel.CreateBounded<ExecutionTask>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>How many tasks are waiting.</summary>
    public int Count => _channel.Reader.Count;

    internal ChannelReader<ExecutionTask> Reader => _channel.Reader;

    /// <inheritdoc />
    public async ValueTask EnqueueAsync(ExecutionTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await _channel.Writer.WriteAsync(task, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException("The execution service has stopped; it takes no more tasks.", ex);
        }
    }

    /// <inheritdoc />
    public bool TryEnqueue(ExecutionTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return _channel.Writer.TryWrite(task);
    }

    /// <summary>Takes no more tasks; those already queued are still routed.</summary>
    internal void Complete() => _channel.Writer.TryComplete();
}
