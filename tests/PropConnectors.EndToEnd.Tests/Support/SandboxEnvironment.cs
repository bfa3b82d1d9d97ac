using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PropConnectors.Registration;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;
using SandboxFirmApi = PropConnectors.SandboxFirm.SandboxFirm;


namespace PropConnectors.EndToEnd.Tests.Support;

/// <summary>
/// A sandbox firm server on 127.0.0.1:0 serving FTMO and APEX with fresh random keys, and the configuration that points
/// the SDK's FTMO and Apex connectors at it (the flat variables of CONTRACT §8, as a deployment sets them).
/// </summary>
internal sealed class SandboxEnvironment : IAsyncDisposable
{
    private SandboxEnvironment(SandboxFirmServer server)
    {
        Server = server;
        FtmoKey = "sbx-ftmo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        ApexKey = "sbx-apex-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        Ftmo = server.AddFirm("FTMO", FtmoKey);
        Apex = server.AddFirm("APEX", ApexKey);
    }

    public SandboxFirmServer Server { get; }

    public SandboxFirmApi Ftmo { get; }

    public SandboxFirmApi Apex { get; }

    public string FtmoKey { get; }

    public string ApexKey { get; }

    public static async Task<SandboxEnvironment> StartAsync()
    {
        SandboxFirmServer server = await SandboxFirmServer.StartAsync(new SandboxFirmServerOptions { Port = 0, MinimumLogLevel = LogLevel.Error });
        return new SandboxEnvironment(server);
    }

    /// <summary>
    /// Live mode, both firms enabled against the sandbox; FTMO also lists NQ so one task can go to both firms. Retry delays
    /// are short so that the retry paths finish quickly; everything else is the SDK's default.
    /// </summary>
    public Dictionary<string, string?> LiveSettings() => new()
    {
        ["EXECUTION_DRY_RUN"] = "false",
        ["FTMO_ENABLED"] = "true",
        ["FTMO_API_KEY"] = FtmoKey,
        ["FTMO_BASE_URL"] = Ftmo.BaseUrl.ToString(),
        ["FTMO_SUPPORTED_SYMBOLS"] = "NQ,US100.cash,EURUSD",
        ["APEX_ENABLED"] = "true",
        ["APEX_API_KEY"] = ApexKey,
        ["APEX_BASE_URL"] = Apex.BaseUrl.ToString(),
        ["PropConnectors:Firms:APEX:AcknowledgeAutomationPolicy"] = "true", // Apex prohibits automation: the tests accept it
        ["PropConnectors:Firms:FTMO:RetryDelay"] = "00:00:00.010",
        ["PropConnectors:Firms:APEX:RetryDelay"] = "00:00:00.010",
        ["PropConnectors:Routing:RetryDelay"] = "00:00:00.010",
    };

    /// <summary>
    /// A real container (<c>AddPropConnectors().AddFtmo().AddApex().AddRouting()</c>) over real configuration. A
    /// <see langword="null"/> setting means "not set" and is left out.
    /// </summary>
    public RouterHost CreateHost(IDictionary<string, string?> settings, bool captureLogs = true)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(s => s.Value is not null))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        if (captureLogs)
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
            services.AddFakeLogging();
        }

        services.AddPropConnectors().AddFtmo().AddApex().AddRouting();
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new RouterHost(provider, (IConfigurationRoot)configuration, captureLogs ? provider.GetFakeLogCollector() : null, [FtmoKey, ApexKey]);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The container under test and what the tests need from it.</summary>
internal sealed class RouterHost(ServiceProvider services, IConfigurationRoot configuration, FakeLogCollector? logs, IReadOnlyList<string> secrets) : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public ServiceProvider Services { get; } = services;

    /// <summary>The configuration the container reads; change a value and <see cref="IConfigurationRoot.Reload"/> as a file provider would.</summary>
    public IConfigurationRoot Configuration { get; } = configuration;

    public IExecutionRouter Router { get; } = services.GetRequiredService<IExecutionRouter>();

    public IPropConnectorRegistry Registry { get; } = services.GetRequiredService<IPropConnectorRegistry>();

    public BasePropConnector Connector(string code) =>
        Registry.TryGet(code, out BasePropConnector? connector) ? connector : throw new InvalidOperationException($"no connector {code}");

    /// <summary>Routes a task; a hang fails the test instead of the run.</summary>
    public Task<ExecutionResult> RouteAsync(ExecutionTask task, CancellationToken cancellationToken = default) =>
        Router.ExecuteAsync(task, cancellationToken).WaitAsync(Patience, CancellationToken.None);

    /// <summary>Every captured log line, for the secret checks.</summary>
    public IReadOnlyList<string> LogLines => logs is null ? [] : [.. logs.GetSnapshot().Select(r => r.Message + " " + r.Exception)];

    /// <summary>Fails when an API key appears in a captured log line or in a serialized result.</summary>
    public void AssertNoSecretIn(params string[] texts)
    {
        foreach (string secret in secrets)
        {
            Assert.That(texts, Has.None.Contains(secret), "an API key leaked into a result");
            Assert.That(LogLines, Has.None.Contains(secret), "an API key leaked into a log line");
        }
    }

    public void Dispose() => Services.Dispose();
}
