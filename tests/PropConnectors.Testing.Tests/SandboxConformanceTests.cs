using PropConnectors.Configuration;
using PropConnectors.Registration;
using PropConnectors.SandboxFirm;

namespace PropConnectors.Testing.Tests;

/// <summary>The kit run against the sandbox firm server: one server per fixture, a new sandbox firm per test.</summary>
public abstract class SandboxConformanceTests : ConnectorConformanceTests
{
    private SandboxFirmServer? _server;

    [OneTimeSetUp]
    public async Task StartSandboxAsync() => _server = await SandboxFirmServer.StartAsync(new SandboxFirmServerOptions { Port = 0 });

    [OneTimeTearDown]
    public async Task StopSandboxAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override Task<IConformanceFirm> StartFirmAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IConformanceFirm>(SandboxConformanceFirm.Add(_server ?? throw new InvalidOperationException("The sandbox starts in OneTimeSetUp.")));
}

/// <summary>FTMO keeps CONTRACT §4–§6 and §9: it passes the conformance kit.</summary>
[TestFixture]
public sealed class FtmoConformanceTests : SandboxConformanceTests
{
    protected override void AddConnector(IPropConnectorsBuilder builder, Action<PropFirmOptions> configure) => builder.AddFtmo(configure);
}

/// <summary>Apex keeps CONTRACT §4–§6 and §9: it passes the conformance kit.</summary>
[TestFixture]
public sealed class ApexConformanceTests : SandboxConformanceTests
{
    protected override void AddConnector(IPropConnectorsBuilder builder, Action<PropFirmOptions> configure) => builder.AddApex(configure);
}

/// <summary>Topstep keeps CONTRACT §4–§6, §9, §10 and §12: it passes the conformance kit.</summary>
[TestFixture]
public sealed class TopstepConformanceTests : SandboxConformanceTests
{
    protected override void AddConnector(IPropConnectorsBuilder builder, Action<PropFirmOptions> configure) => builder.AddTopstep(configure);
}
