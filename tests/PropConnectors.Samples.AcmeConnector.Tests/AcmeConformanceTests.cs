using PropConnectors.Configuration;
using PropConnectors.Registration;
using PropConnectors.Testing;

namespace PropConnectors.Samples.AcmeConnector.Tests;

/// <summary>Acme keeps CONTRACT §4–§6 and §9 over its own protocol: it passes the conformance kit against a fake Acme.</summary>
/// <remarks>
/// The <c>[TestFixture]</c> is needed: NUnit only looks for tests in assemblies that reference nunit.framework, and a
/// class that only inherits the kit does not make the compiler keep that reference.
/// </remarks>
[TestFixture]
public sealed class AcmeConformanceTests : ConnectorConformanceTests
{
    protected override async Task<IConformanceFirm> StartFirmAsync(CancellationToken cancellationToken) =>
        await FakeAcmeFirm.StartAsync(cancellationToken);

    protected override void AddConnector(IPropConnectorsBuilder builder, Action<PropFirmOptions> configure) =>
        builder.AddAcme(configure);
}
