using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using PropConnectors.Configuration;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Results;
using PropConnectors.Testing.Internal;

namespace PropConnectors.Testing;

/// <summary>
/// The conformance kit: inherit this fixture to prove that a connector keeps CONTRACT §4 (idempotency), §5 (results
/// and error codes), §6 (retries and timeouts) and §9 (secrets), whatever protocol it speaks.
/// </summary>
/// <remarks>
/// <para>
/// Supply two things: how to start a firm you control that speaks your protocol (<see cref="StartFirmAsync"/>, an
/// <see cref="IConformanceFirm"/>), and how to register your connector (<see cref="AddConnector"/>, usually one call to
/// your <c>.AddYourFirm(configure)</c> extension). Each test then builds a real container with
/// <c>services.AddPropConnectors(o =&gt; o.DryRun = false)</c>, gives the firm short timeouts from
/// <see cref="ConformanceSettings"/>, arranges one <see cref="ConformanceScenario"/>, places an order through the
/// <see cref="IPropConnectorRegistry"/>, and checks the result, the requests the firm received and the orders it
/// holds. Every log line (at <see cref="LogLevel.Trace"/>), activity and metric is searched for the API key.
/// </para>
/// <para>
/// Each rule is its own test, named after the contract rule it checks, so a failing test names the rule a connector
/// breaks. The suite runs in real time (a few seconds): it needs no fake clock.
/// </para>
/// <para>
/// Mark the derived class <c>[TestFixture]</c>: NUnit only looks for tests in assemblies that reference
/// nunit.framework, and a class that merely inherits this one does not make the compiler keep that reference.
/// </para>
/// </remarks>
[TestFixture]
public abstract partial class ConnectorConformanceTests
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<ConnectorResult> _results = [];
    private readonly List<Exception> _exceptions = [];
    private IConformanceFirm? _firm;
    private TelemetryCapture? _telemetry;

    /// <summary>The firm of the current test, started by the kit's <see cref="SetUpFirmAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">Read outside a test.</exception>
    protected IConformanceFirm Firm => _firm ?? throw new InvalidOperationException("The conformance firm is started by the kit's [SetUp]; read Firm inside a test.");

    private TelemetryCapture Telemetry => _telemetry ?? throw new InvalidOperationException("Telemetry is captured from the kit's [SetUp] on.");

    /// <summary>Starts a new firm that speaks the connector's protocol; called once per test and disposed after it.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running firm.</returns>
    protected abstract Task<IConformanceFirm> StartFirmAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Registers the connector under test on <paramref name="builder"/>, passing <paramref name="configure"/> on as its
    /// settings in code, for example <c>builder.AddAcme(configure)</c>. Register exactly one connector.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddPropConnectors(...)</c>.</param>
    /// <param name="configure">The kit's settings: enabled, the firm's key and base URL, and the timeouts of <see cref="ConformanceSettings"/>.</param>
    protected abstract void AddConnector(IPropConnectorsBuilder builder, Action<PropFirmOptions> configure);

    /// <summary>Adds services the connector needs beyond its registration; called after <see cref="AddConnector"/>. Does nothing by default.</summary>
    /// <param name="services">The service collection of the test's container.</param>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// Creates a valid order the firm accepts: by default a market <c>BUY</c> of 1 in the first of the connector's
    /// supported symbols. Override it when the firm needs something else; keep <paramref name="clientOrderId"/>.
    /// </summary>
    /// <param name="connector">The connector under test.</param>
    /// <param name="clientOrderId">The client order id to place the order under.</param>
    /// <returns>The order.</returns>
    protected virtual OrderRequest CreateOrder(BasePropConnector connector, string clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(connector);
        string symbol = connector.Options.SupportedSymbols?.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s))
            ?? throw new InvalidOperationException($"{connector.FirmCode} has no supported symbol by default; override CreateOrder to name one.");
        return new OrderRequest
        {
            ClientOrderId = clientOrderId,
            Symbol = symbol,
            Side = OrderSide.Buy,
            Quantity = 1,
            OrderType = OrderType.Market,
        };
    }

    /// <summary>Starts the test's firm and the telemetry capture.</summary>
    /// <returns>A task that completes when the firm runs.</returns>
    [SetUp]
    public async Task SetUpFirmAsync()
    {
        _telemetry = new TelemetryCapture();
        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _firm = await StartFirmAsync(starting.Token).ConfigureAwait(false);
        Assert.That(_firm, Is.Not.Null, "StartFirmAsync must return the firm.");
        Assert.That(_firm.ApiKey, Has.Length.GreaterThanOrEqualTo(16), "IConformanceFirm.ApiKey must be unique and at least 16 characters long, so that finding it anywhere is a leak and not a coincidence.");
    }

    /// <summary>Disposes the test's containers and firm; on failure writes the captured log lines (key redacted) to the test output.</summary>
    /// <returns>A task that completes when everything is disposed.</returns>
    [TearDown]
    public async Task TearDownFirmAsync()
    {
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed && _telemetry is not null)
            {
                await TestContext.Out.WriteLineAsync("Connector log (API key redacted):").ConfigureAwait(false);
                foreach (string line in _telemetry.LogLines)
                {
                    await TestContext.Out.WriteLineAsync("  " + Redact(line)).ConfigureAwait(false);
                }
            }

            foreach (ServiceProvider provider in _providers)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _providers.Clear();
            _results.Clear();
            _exceptions.Clear();
            if (_firm is not null)
            {
                await _firm.DisposeAsync().ConfigureAwait(false);
                _firm = null;
            }

            _telemetry?.Dispose();
            _telemetry = null;
        }
    }

    /// <summary>
    /// Builds a container as a host would (real configuration, logging at <see cref="LogLevel.Trace"/>), registers the
    /// connector pointed at <see cref="Firm"/> and returns it from the registry.
    /// </summary>
    private BasePropConnector CreateConnector(bool live = true, Action<PropFirmOptions>? adjust = null)
    {
        IConformanceFirm firm = Firm;
        var services = new ServiceCollection();

        // An empty configuration: the machine's environment variables (FTMO_API_KEY, EXECUTION_DRY_RUN, ...) must not change the suite.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Telemetry.CreateLoggerProvider()));
        IPropConnectorsBuilder builder = live ? services.AddPropConnectors(o => o.DryRun = false) : services.AddPropConnectors();
        AddConnector(builder, options =>
        {
            options.Enabled = true;
            options.ApiKey = firm.ApiKey;
            options.BaseUrl = firm.BaseUrl.ToString();
            options.Timeout = ConformanceSettings.Timeout;
            options.AttemptTimeout = ConformanceSettings.AttemptTimeout;
            options.RetryDelay = ConformanceSettings.RetryDelay;
            options.MaxAttempts = ConformanceSettings.MaxAttempts;
            adjust?.Invoke(options);
        });
        ConfigureServices(services);

        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _providers.Add(provider);
        IReadOnlyList<BasePropConnector> connectors = provider.GetRequiredService<IPropConnectorRegistry>().Connectors;
        Assert.That(connectors, Has.Count.EqualTo(1), "AddConnector must register exactly one connector on the builder.");
        return connectors[0];
    }

    private OrderRequest NewOrder(BasePropConnector connector)
    {
        string clientOrderId = ClientOrderIds.Create("conformance-" + Guid.NewGuid().ToString("N"), connector.FirmCode);
        OrderRequest order = CreateOrder(connector, clientOrderId);
        Assert.That(order, Is.Not.Null, "CreateOrder must return an order.");
        Assert.That(order.ClientOrderId, Is.EqualTo(clientOrderId), "CreateOrder must keep the client order id it is given.");
        Assert.That(order.Validate(), Is.Null, "CreateOrder must return a valid order.");
        return order;
    }

    /// <summary>Runs one connector call; an exception other than the caller's cancellation fails the test (CONTRACT §5).</summary>
    private async Task<ConnectorResult> CallAsync(string call, Func<Task<ConnectorResult>> action)
    {
        ConnectorResult result;
        try
        {
            result = await action().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any exception is the finding: CONTRACT §5 says none escapes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _exceptions.Add(ex);
            Assert.Fail($"CONTRACT §5: no exception escapes a connector call, but {call} threw {ex.GetType().FullName}: {Redact(ex.Message)}");
            throw;
        }

        Assert.That(result, Is.Not.Null, $"CONTRACT §5: {call} returns a result, never null.");
        _results.Add(result);
        return result;
    }

    private Task<ConnectorResult> PlaceAsync(BasePropConnector connector, OrderRequest order, CancellationToken cancellationToken = default) =>
        CallAsync("PlaceOrderAsync", () => connector.PlaceOrderAsync(order, cancellationToken));

    /// <summary>Waits, without sleeping, until the firm has counted <paramref name="count"/> order requests; the count assertions report a shortfall.</summary>
    private async Task SettleAsync(int count)
    {
        if (count <= 0)
        {
            return;
        }

        using var settle = new CancellationTokenSource(ConformanceSettings.SettleTimeout);
        try
        {
            await Firm.WaitForOrderRequestsAsync(count, settle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (settle.IsCancellationRequested)
        {
            // The count assertion that follows says what is missing.
        }
    }

    private void AssertResult(ConnectorResult result, BasePropConnector connector, ConnectorStatus status, string? errorCode, string rule)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(status), Because(rule, result));
            Assert.That(result.ErrorCode, Is.EqualTo(errorCode), Because(rule, result));
            Assert.That(result.FirmCode, Is.EqualTo(connector.FirmCode), Because("CONTRACT §5: firm_code is the connector's firm code", result));
            if (status != ConnectorStatus.Success)
            {
                Assert.That(result.ErrorMessage, Is.Not.Null.And.Not.Empty, Because("CONTRACT §5: every non-success result has a human error_message", result));
            }
        }
    }

    private void AssertOrderRequests(OrderRequest order, int expected, string rule)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Firm.OrderRequestsReceived, Is.EqualTo(expected), $"{rule}: the firm should have received exactly {expected} order request(s).");
            Assert.That(Firm.IdempotencyKeysReceived, Has.Count.EqualTo(Firm.OrderRequestsReceived), "IConformanceFirm.IdempotencyKeysReceived must have one entry per order request.");
            Assert.That(Firm.IdempotencyKeysReceived, Is.All.EqualTo(order.ClientOrderId), "CONTRACT §4: every attempt carries the same idempotency key, the order's client_order_id.");
        }
    }

    private void AssertAttemptsCounted(ConnectorResult result)
    {
        Assert.That(result.Attempts, Is.EqualTo(Firm.OrderRequestsReceived), Because("CONTRACT §5: attempts is the number of order requests sent", result));
    }

    private string Because(string rule, ConnectorResult result) => $"{rule}.{Environment.NewLine}Result: {Redact(result.ToString())}";

    private string Redact(string text) =>
        _firm?.ApiKey is { Length: > 0 } key ? text.Replace(key, "<API KEY>", StringComparison.Ordinal) : text;

    private static async Task<(T Value, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> action)
    {
        long started = Stopwatch.GetTimestamp();
        T value = await action().ConfigureAwait(false);
        return (value, Stopwatch.GetElapsedTime(started));
    }
}
