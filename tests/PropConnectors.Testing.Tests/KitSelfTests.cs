using Microsoft.Extensions.Logging;
using NUnit.Framework.Internal;
using PropConnectors.Accounts;
using PropConnectors.Configuration;
using PropConnectors.Orders;
using PropConnectors.Registration;
using PropConnectors.Rest;
using PropConnectors.Results;
using PropConnectors.SandboxFirm;

namespace PropConnectors.Testing.Tests;

/// <summary>
/// The kit can fail: a connector that breaks one contract rule fails the kit test named after that rule. Each broken
/// connector is FTMO's REST connector with one fault built in, run against the sandbox.
/// </summary>
[TestFixture]
public sealed class KitSelfTests
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

    [Test]
    public async Task Kit_ConnectorSendsNewKeyPerAttempt_FailsSameKeyRule()
    {
        string? failure = await RunKitTestAsync(Breakage.NewKeyPerAttempt, kit => kit.PlaceOrderAsync_FirmUnavailableOnce_LooksUpThenResendsWithSameKey());

        Assert.That(failure, Does.Contain("CONTRACT §4: every attempt carries the same idempotency key"));
    }

    [Test]
    public async Task Kit_ConnectorLogsApiKey_FailsSecretRuleForLogs()
    {
        string? failure = await RunKitTestAsync(Breakage.LogsApiKey, kit => kit.EveryCall_FirmAnswersWithScenario_ApiKeyNeverInLogsResultsOrTelemetry(ConformanceScenario.Accept));

        Assert.That(failure, Does.Contain("CONTRACT §9: the API key appears in a log line").And.Not.Contain(BrokenConformance.LastApiKey!));
    }

    [Test]
    public async Task Kit_ConnectorPutsApiKeyInRawRequest_TemplateMasksItSoTheSecretRulePasses()
    {
        // A connector that writes the key into its request description cannot leak it: BasePropConnector masks every
        // secret in what a result carries, so the kit's secret rule holds even for this connector.
        string? failure = await RunKitTestAsync(Breakage.ApiKeyInRawRequest, kit => kit.PlaceOrderAsync_DryRunByDefault_SkippedAndNothingSent());

        Assert.That(failure, Is.Null);
    }

    [Test]
    public async Task Kit_ConnectorIgnoresRetryAfter_FailsRetryAfterRule()
    {
        string? failure = await RunKitTestAsync(Breakage.IgnoresRetryAfter, kit => kit.PlaceOrderAsync_FirmRateLimitsOnce_WaitsRetryAfterThenSucceedsWithSameKey());

        Assert.That(failure, Does.Contain("CONTRACT §6: retries honour Retry-After"));
    }

    [Test]
    public async Task Kit_ConnectorTreats503AsRejection_FailsFirmUnavailableRule()
    {
        string? failure = await RunKitTestAsync(Breakage.UnavailableAsRejected, kit => kit.PlaceOrderAsync_FirmKeepsUnavailable_RetryFirmUnavailableAfterMaxAttempts());

        Assert.That(failure, Does.Contain("RETRY/FIRM_UNAVAILABLE").And.Contain("ORDER_REJECTED"));
    }

    [Test]
    public async Task Kit_ConnectorLookupNeverFindsOrders_FailsDroppedConnectionRule()
    {
        string? failure = await RunKitTestAsync(Breakage.LookupNeverFinds, kit => kit.PlaceOrderAsync_FirmAcceptsThenDropsConnection_FindsOrderOrUnknownNeverDuplicate());

        Assert.That(failure, Does.Contain("FAILED means the firm does not hold the order"));
    }

    [Test]
    public async Task Kit_ConnectorDropsReduceOnly_FailsTheCloseRule()
    {
        string? failure = await RunKitTestAsync(Breakage.DropsReduceOnly, kit => kit.ReduceOnlyClose_ReachesTheFirmAsReduceOnly());

        Assert.That(failure, Does.Contain("carries reduce_only"));
    }

    [Test]
    public async Task Kit_ConnectorForgetsAPosition_FailsThePositionsRule()
    {
        string? failure = await RunKitTestAsync(Breakage.ForgetsLastPosition, kit => kit.Positions_AreEveryPositionTheFirmHolds());

        Assert.That(failure, Does.Contain("a position left out is one an exit or flatten forgets"));
    }

    [Test]
    public async Task Kit_CorrectConnector_PassesTheSameTests()
    {
        string?[] failures =
        [
            await RunKitTestAsync(Breakage.None, kit => kit.PlaceOrderAsync_FirmUnavailableOnce_LooksUpThenResendsWithSameKey()),
            await RunKitTestAsync(Breakage.None, kit => kit.EveryCall_FirmAnswersWithScenario_ApiKeyNeverInLogsResultsOrTelemetry(ConformanceScenario.Accept)),
            await RunKitTestAsync(Breakage.None, kit => kit.PlaceOrderAsync_DryRunByDefault_SkippedAndNothingSent()),
            await RunKitTestAsync(Breakage.None, kit => kit.PlaceOrderAsync_FirmRateLimitsOnce_WaitsRetryAfterThenSucceedsWithSameKey()),
            await RunKitTestAsync(Breakage.None, kit => kit.PlaceOrderAsync_FirmKeepsUnavailable_RetryFirmUnavailableAfterMaxAttempts()),
            await RunKitTestAsync(Breakage.None, kit => kit.PlaceOrderAsync_FirmAcceptsThenDropsConnection_FindsOrderOrUnknownNeverDuplicate()),
            await RunKitTestAsync(Breakage.None, kit => kit.ReduceOnlyClose_ReachesTheFirmAsReduceOnly()),
            await RunKitTestAsync(Breakage.None, kit => kit.Positions_AreEveryPositionTheFirmHolds()),
        ];

        Assert.That(failures, Is.All.Null);
    }

    /// <summary>Runs one kit test (its SetUp, the test, its TearDown) on a broken connector in an isolated NUnit context and returns the failure they report, or null.</summary>
    private async Task<string?> RunKitTestAsync(Breakage breakage, Func<BrokenConformance, Task> test)
    {
        var kit = new BrokenConformance(_server!, breakage);
        using (new TestExecutionContext.IsolatedContext())
        {
            try
            {
                await kit.SetUpFirmAsync();
                await test(kit);
            }
            catch (ResultStateException)
            {
                // Recorded in the isolated result.
            }
            finally
            {
                await kit.TearDownFirmAsync();
            }

            TestResult result = TestExecutionContext.CurrentContext.CurrentResult;
            return result.AssertionResults.Count == 0
                ? null
                : string.Join(Environment.NewLine, result.AssertionResults.Select(a => a.Message));
        }
    }
}

/// <summary>What a broken connector gets wrong.</summary>
internal enum Breakage
{
    None,
    NewKeyPerAttempt,
    LogsApiKey,
    ApiKeyInRawRequest,
    IgnoresRetryAfter,
    UnavailableAsRejected,
    LookupNeverFinds,
    DropsReduceOnly,
    ForgetsLastPosition,
}

/// <summary>The kit, pointed at a broken connector. Never discovered as a fixture (its source is empty): KitSelfTests runs it.</summary>
[TestFixtureSource(nameof(None))]
internal sealed class BrokenConformance(SandboxFirmServer server, Breakage breakage) : ConnectorConformanceTests
{
    private static readonly object[] None = [];

    public static string? LastApiKey { get; private set; }

    protected override async Task<IConformanceFirm> StartFirmAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var firm = SandboxConformanceFirm.Add(server);
        LastApiKey = firm.ApiKey;
        return firm;
    }

    protected override void AddConnector(IPropConnectorsBuilder builder, Action<PropFirmOptions> configure) =>
        builder.AddRestConnector<BrokenConnector>(BrokenConnector.FirmProfile, configure);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new BrokenConnector.Fault(breakage));
}

/// <summary>The shared REST connector with one contract rule broken.</summary>
internal sealed partial class BrokenConnector(ConnectorContext context, IHttpClientFactory httpClientFactory, BrokenConnector.Fault fault) : RestPropConnector(FirmProfile, context, httpClientFactory)
{
    private int _attempts;

    public static PropFirmProfile FirmProfile { get; } = new("BROKEN", "Broken Firm") { DefaultSymbols = ["EURUSD", "GBPUSD"] };

    protected override RawRequest? DescribeOrderRequest(OrderRequest order)
    {
        RawRequest? request = base.DescribeOrderRequest(order);
        return fault.Kind == Breakage.ApiKeyInRawRequest && request is not null ? request with { Url = request.Url + "?token=" + Options.ApiKey } : request;
    }

    protected override async ValueTask<FirmReply> SendOrderAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        int attempt = Interlocked.Increment(ref _attempts);
        if (fault.Kind == Breakage.LogsApiKey)
        {
            LogSending(Logger, order.ClientOrderId, Options.ApiKey);
        }

        OrderRequest sent = fault.Kind switch
        {
            Breakage.NewKeyPerAttempt => order with { ClientOrderId = $"{order.ClientOrderId}-{attempt}" },
            Breakage.DropsReduceOnly => order with { ReduceOnly = false },
            _ => order,
        };
        FirmReply reply = await base.SendOrderAsync(sent, cancellationToken);
        return fault.Kind switch
        {
            Breakage.IgnoresRetryAfter => reply with { RetryAfter = null },
            Breakage.UnavailableAsRejected when reply.Kind == FirmReplyKind.Unavailable => reply with { Kind = FirmReplyKind.Rejected },
            _ => reply,
        };
    }

    protected override ValueTask<FirmReply> FindOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken) =>
        fault.Kind == Breakage.LookupNeverFinds
            ? ValueTask.FromResult(FirmReply.Of(FirmReplyKind.NotFound))
            : base.FindOrderByClientOrderIdAsync(clientOrderId, cancellationToken);

    protected override async ValueTask<FirmRead<IReadOnlyList<Position>>> ReadPositionsAsync(CancellationToken cancellationToken)
    {
        FirmRead<IReadOnlyList<Position>> read = await base.ReadPositionsAsync(cancellationToken);
        return fault.Kind == Breakage.ForgetsLastPosition && read.Value is { Count: > 0 } positions ? read with { Value = [.. positions.SkipLast(1)] } : read;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {ClientOrderId} with key {ApiKey}")]
    private static partial void LogSending(Microsoft.Extensions.Logging.ILogger logger, string clientOrderId, string? apiKey);

    public sealed record Fault(Breakage Kind);
}
