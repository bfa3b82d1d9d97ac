using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropConnectors.Apex;
using PropConnectors.Ftmo;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Results;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>One registration entry, firm packages and third parties hanging off its builder; harmless twice; one connector per firm code.</summary>
public sealed class RegistrationTests
{
    private static TestHost WithAcme(Action<TestHostSetup>? more = null) => TestHost.Create(s =>
    {
        foreach ((string key, string? value) in AcmeConnector.Configuration)
        {
            s.Configuration[key] = value;
        }

        s.Builder = b => b.AddConnector<AcmeConnector>(AcmeConnector.Profile);
        more?.Invoke(s);
    });

    [Test]
    public void Registry_BothFirmPackagesAndThirdParty_AllResolvedCaseInsensitively()
    {
        using var host = WithAcme();
        IPropConnectorRegistry registry = host.Registry;

        Assert.Multiple(() =>
        {
            Assert.That(registry.Connectors.Select(c => c.FirmCode), Is.EqualTo(new[] { "ACME", "APEX", "FTMO" }));
            Assert.That(registry.TryGet("ftmo", out BasePropConnector? ftmo) ? ftmo : null, Is.SameAs(host.Ftmo));
            Assert.That(registry.TryGet("Apex", out BasePropConnector? apex) ? apex : null, Is.SameAs(host.Apex));
            Assert.That(registry.TryGet(" acme ", out BasePropConnector? acme) ? acme : null, Is.InstanceOf<AcmeConnector>());
            Assert.That(host.Services.GetRequiredService<AcmeConnector>(), Is.SameAs(registry.Connectors[0]));
            Assert.That(registry.TryGet("ACME_2", out _), Is.False);
            Assert.That(registry.TryGet("", out _), Is.False);
            Assert.That(registry.TryGet(null, out _), Is.False);
            Assert.That(host.Ftmo.DisplayName, Is.EqualTo("FTMO"));
            Assert.That(host.Apex.DisplayName, Is.EqualTo("Apex Trader Funding"));
            Assert.That(registry.GetEnabled().Select(c => c.FirmCode), Is.EqualTo(new[] { "ACME", "APEX", "FTMO" }));
        });
    }

    [Test]
    public async Task Registry_ThirdPartyConnector_PlacesThroughTheBaseClassGuards()
    {
        using var host = WithAcme();
        var acme = host.Services.GetRequiredService<AcmeConnector>();
        OrderRequest order = TestOrders.Ftmo() with { Symbol = "acme1", ClientOrderId = ClientOrderIds.Create("task-42", "ACME") };

        ConnectorResult placed = await acme.PlaceOrderAsync(order);
        ConnectorResult tooBig = await acme.PlaceOrderAsync(order with { Quantity = 11m });
        ConnectorResult unsupported = await acme.PlaceOrderAsync(order with { Symbol = "EURUSD" });

        Assert.Multiple(() =>
        {
            Assert.That(placed.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(placed.ExternalOrderId, Is.EqualTo("ACME-" + order.ClientOrderId));
            Assert.That(tooBig.ErrorCode, Is.EqualTo(ConnectorErrorCodes.PositionLimitExceeded));
            Assert.That(unsupported.ErrorCode, Is.EqualTo(ConnectorErrorCodes.UnsupportedSymbol));
            Assert.That(acme.Sent, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AddPropConnectors_EverythingRegisteredTwice_HarmlessAndOnePipelinePerFirm()
    {
        using var host = WithAcme(s =>
        {
            s.Configuration["FTMO_TIMEOUT_SECONDS"] = "bad";
            s.Before = services => services.AddPropConnectors().AddFtmo().AddApex().AddConnector<AcmeConnector>(AcmeConnector.Profile);
        });
        for (int i = 0; i < 3; i++)
        {
            host.ApexHttp.Expect(HttpMethod.Get, TestHost.ApexOrders + "/APEX_1").RespondStatus(HttpStatusCode.ServiceUnavailable);
        }

        ConnectorResult status = await host.Apex.GetOrderStatusAsync("APEX_1");
        ConnectorResult ftmo = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());

        Assert.Multiple(() =>
        {
            Assert.That(host.Registry.Connectors.Select(c => c.FirmCode), Is.EqualTo(new[] { "ACME", "APEX", "FTMO" }));
            Assert.That(status.ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(ftmo.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
            Assert.That(host.Logs.GetSnapshot().Count(r => r.Id.Id == 1001), Is.EqualTo(1), "one options binder per firm");
        });
        host.VerifyAllRequests(ftmo: 0, apex: 3);
    }

    [Test]
    public void AddConnector_TwoConnectorTypesUnderOneCode_ConnectorConfigError()
    {
        var services = new ServiceCollection();
        IPropConnectorsBuilder builder = services.AddPropConnectors().AddConnector<AcmeConnector>(AcmeConnector.Profile);

        Assert.Multiple(() =>
        {
            Assert.That(
                () => builder.AddConnector<OtherAcmeConnector>(new PropFirmProfile("acme", "Other Acme")),
                Throws.TypeOf<ConnectorConfigError>().With.Message.Contain("ACME").And.Message.Contain(nameof(AcmeConnector)).And.Message.Contain(nameof(OtherAcmeConnector)));
            Assert.That(
                () => services.AddPropConnectors().AddFtmo().AddConnector<AcmeConnector>(new PropFirmProfile("FTMO", "Not FTMO")),
                Throws.TypeOf<ConnectorConfigError>().With.Message.Contain(nameof(FtmoConnector)));
        });
    }

    [Test]
    public void Registry_ConnectorReportsAnotherCode_ConnectorConfigErrorAtStart()
    {
        using var host = TestHost.Create(s => s.Builder = b => b.AddConnector<AcmeConnector>(new PropFirmProfile("ACME2", "Acme")));

        Assert.That(() => host.Registry, Throws.TypeOf<ConnectorConfigError>().With.Message.Contain("ACME2"));
    }

    [Test]
    public void AddFtmo_HostAlreadyHasKeyedServices_RegistersWithoutThrowing()
    {
        using var host = TestHost.Create(s => s.Before = services =>
        {
            services.AddKeyedSingleton<object>("host-service", new object());
            services.AddKeyedSingleton<ILoggerProvider>("another", (_, _) => throw new InvalidOperationException("never resolved"));
        });

        Assert.That(host.Registry.Connectors, Has.Count.EqualTo(2));
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("AC-ME")]
    [TestCase("ac me")]
    public void PropFirmProfile_MalformedCode_ThrowsAtOnce(string code) =>
        Assert.That(() => new PropFirmProfile(code, "Acme"), Throws.InstanceOf<ArgumentException>());

    [Test]
    public void Registration_NullArguments_ThrowAtOnce()
    {
        IPropConnectorsBuilder builder = new ServiceCollection().AddPropConnectors();

        Assert.Multiple(() =>
        {
            Assert.That(() => ((IServiceCollection)null!).AddPropConnectors(), Throws.ArgumentNullException);
            Assert.That(() => new ServiceCollection().AddPropConnectors(null!), Throws.ArgumentNullException);
            Assert.That(() => builder.AddConnector<AcmeConnector>(null!), Throws.ArgumentNullException);
            Assert.That(() => ((IPropConnectorsBuilder)null!).AddFtmo(), Throws.ArgumentNullException);
        });
    }

    [Test]
    public async Task Host_ApplicationBuilder_ResolvesAndValidates()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PropConnectors:Firms:FTMO:Enabled"] = "true",
            ["PropConnectors:Firms:FTMO:ApiKey"] = TestHost.FtmoKey,
            ["PropConnectors:Firms:FTMO:BaseUrl"] = TestHost.FtmoBaseUrl,
        });
        builder.Services.AddPropConnectors().AddFtmo().AddApex();
        using IHost host = builder.Build();
        await host.StartAsync();

        IPropConnectorRegistry registry = host.Services.GetRequiredService<IPropConnectorRegistry>();
        ConnectorResult result = await host.Services.GetRequiredService<FtmoConnector>().PlaceOrderAsync(TestOrders.Ftmo());

        Assert.Multiple(() =>
        {
            Assert.That(registry.GetEnabled().Select(c => c.FirmCode), Is.EqualTo(new[] { FtmoFirm.Code }));
            Assert.That(registry.TryGet(ApexFirm.Code, out _), Is.True);
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Skipped), "dry-run is the default in a real host too");
        });
        await host.StopAsync();
    }
}
