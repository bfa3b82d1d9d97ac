namespace PropConnectors.SandboxFirm.Internal;

/// <summary>
/// Keeps the in-process server from hooking Ctrl+C/SIGTERM of the host process (a test runner, a benchmark);
/// the standalone program handles signals itself.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
