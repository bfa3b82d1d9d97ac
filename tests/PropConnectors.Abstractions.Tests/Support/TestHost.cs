using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PropConnectors.Apex;
using PropConnectors.Configuration;
using PropConnectors.Ftmo;
using PropConnectors.Http;
using PropConnectors.Registration;
using PropConnectors.Rest;
using RichardSzalay.MockHttp;

namespace PropConnectors.Abstractions.Tests.Support;

/// <summary>What a test host is built from; every field starts as a live, fully configured FTMO and APEX.</summary>
internal sealed class TestHostSetup
{
    /// <summary>The host's configuration (an in-memory source, as a user's appsettings or environment would be).</summary>
    public Dictionary<string, string?> Configuration { get; } = TestHost.LiveConfiguration();

    /// <summary>Global options in code; <see langword="null"/>: plain <c>AddPropConnectors()</c>. By default live mode in code.</summary>
    public Action<PropConnectorsOptions>? Global { get; set; } = static o => o.DryRun = false;

    public Action<PropFirmOptions>? Ftmo { get; set; }

    public Action<PropFirmOptions>? Apex { get; set; }

    /// <summary>Further registrations on the PropConnectors builder (a third-party connector).</summary>
    public Action<IPropConnectorsBuilder>? Builder { get; set; }

    /// <summary>Services registered before <c>AddPropConnectors</c>.</summary>
    public Action<IServiceCollection>? Before { get; set; }

    /// <summary>Whether an <see cref="IConfiguration"/> is registered (a host without one makes the SDK read environment variables).</summary>
    public bool RegisterConfiguration { get; set; } = true;

    /// <summary>A configuration to register instead of the in-memory one built from <see cref="Configuration"/>.</summary>
    public IConfiguration? CustomConfiguration { get; set; }
}

/// <summary>
/// A real DI container with FTMO and APEX registered the way a host registers them, MockHttp as each
/// firm's primary handler, a request log behind the SDK's resilience pipeline, a fake clock and a log collector.
/// </summary>
internal sealed class TestHost : IDisposable
{
    public const string FtmoKey = "ftmo-SECRET-key-4f9c2a7e1b55";
    public const string ApexKey = "apex-SECRET-key-8d3b6e0c5a77";
    public const string FtmoBaseUrl = "https://api.ftmo.test/v1";
    public const string ApexBaseUrl = "https://api.apex.test/v2";
    public const string FtmoOrders = FtmoBaseUrl + "/orders";
    public const string ApexOrders = ApexBaseUrl + "/orders";

    /// <summary>The longest real time a test waits for the code under test to reach a point; only reached when a test fails.</summary>
    public static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(15);

    private TestHost(TestHostSetup setup)
    {
        FtmoHttp.Fallback.Throw(new UnexpectedRequestException("FTMO"));
        ApexHttp.Fallback.Throw(new UnexpectedRequestException("APEX"));

        var services = new ServiceCollection();
        if (setup.RegisterConfiguration)
        {
            Configuration = setup.CustomConfiguration ?? new ConfigurationBuilder().AddInMemoryCollection(setup.Configuration).Build();
            services.AddSingleton(Configuration);
        }

        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSingleton<TimeProvider>(Clock);
        setup.Before?.Invoke(services);

        IPropConnectorsBuilder builder = setup.Global is null ? services.AddPropConnectors() : services.AddPropConnectors(setup.Global);
        builder.AddFtmo(setup.Ftmo).AddApex(setup.Apex);
        setup.Builder?.Invoke(builder);

        services.AddHttpClient(PropConnectorsHttp.ClientName(FtmoFirm.Code))
            .ConfigurePrimaryHttpMessageHandler(() => FtmoHttp)
            .AddHttpMessageHandler(() => new RecordingHandler(FtmoRequests));
        services.AddHttpClient(PropConnectorsHttp.ClientName(ApexFirm.Code))
            .ConfigurePrimaryHttpMessageHandler(() => ApexHttp)
            .AddHttpMessageHandler(() => new RecordingHandler(ApexRequests));

        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public TestClock Clock { get; } = new();

    /// <summary>The registered configuration, if any.</summary>
    public IConfiguration? Configuration { get; }

    public MockHttpMessageHandler FtmoHttp { get; } = new();

    public MockHttpMessageHandler ApexHttp { get; } = new();

    public RequestLog FtmoRequests { get; } = new();

    public RequestLog ApexRequests { get; } = new();

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public FtmoConnector Ftmo => Services.GetRequiredService<FtmoConnector>();

    public ApexConnector Apex => Services.GetRequiredService<ApexConnector>();

    public IPropConnectorRegistry Registry => Services.GetRequiredService<IPropConnectorRegistry>();

    /// <summary>Configuration of a live FTMO and APEX; immediate retries (tests of backoff set a delay).</summary>
    public static Dictionary<string, string?> LiveConfiguration() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["FTMO_ENABLED"] = "true",
        ["FTMO_API_KEY"] = FtmoKey,
        ["FTMO_BASE_URL"] = FtmoBaseUrl,
        ["PropConnectors:Firms:FTMO:RetryDelay"] = "00:00:00",
        ["APEX_ENABLED"] = "true",
        ["APEX_API_KEY"] = ApexKey,
        ["APEX_BASE_URL"] = ApexBaseUrl,
        ["PropConnectors:Firms:APEX:RetryDelay"] = "00:00:00",
    };

    public static TestHost Create(Action<TestHostSetup>? configure = null)
    {
        var setup = new TestHostSetup();
        configure?.Invoke(setup);
        return new TestHost(setup);
    }

    /// <summary>Asserts that every expected request was made and that no other request reached either firm.</summary>
    public void VerifyAllRequests(int ftmo, int apex = 0)
    {
        Assert.Multiple(() =>
        {
            Assert.That(FtmoRequests.Count, Is.EqualTo(ftmo), "requests to FTMO");
            Assert.That(ApexRequests.Count, Is.EqualTo(apex), "requests to APEX");
        });
        FtmoHttp.VerifyNoOutstandingExpectation();
        ApexHttp.VerifyNoOutstandingExpectation();
    }

    public void Dispose()
    {
        Services.Dispose();
        FtmoHttp.Dispose();
        ApexHttp.Dispose();
    }
}

/// <summary>Thrown by MockHttp for a request no expectation allows.</summary>
internal sealed class UnexpectedRequestException(string firm) : Exception($"MockHttp: {firm} received a request that no expectation allows.");
