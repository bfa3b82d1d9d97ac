using Microsoft.Extensions.Hosting;

namespace PropConnectors.Sample.Hosting;

/// <summary>
/// A host lifetime that leaves signals alone: a command's host is started and stopped by the command, and
/// <see cref="ShutdownSignals"/> decides what SIGINT and SIGTERM do (the default console lifetime would stop the host
/// under an order in flight).
/// </summary>
internal sealed class CommandHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
