using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using PropConnectors.Configuration;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;

namespace PropConnectors.Routing.Tests;

public class DryRunGateTests
{
    [Test]
    public async Task ExecuteAsync_NothingConfigured_DryRunSkipsEveryFirmWithoutRequest()
    {
        using RouterHarness harness = RouterHarness.Create();

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("task-42"));

        Assert.Multiple(() =>
        {
            Assert.That(result.DryRun, Is.True);
            Assert.That(result.Routed, Is.False);
            Assert.That(result.Details, Is.EqualTo("dry-run: no external order sent"));
            Assert.That(result.ConnectorResults.Select(r => r.FirmCode), Is.EqualTo(new[] { "FTMO", "APEX" }));
            foreach (ConnectorResult r in result.ConnectorResults)
            {
                Assert.That(r.Status, Is.EqualTo(ConnectorStatus.Skipped));
                Assert.That(r.ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
                Assert.That(r.Attempts, Is.Zero);
                Assert.That(r.ClientOrderId, Is.EqualTo(ClientOrderIds.Create("task-42", r.FirmCode)));
            }
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_DryRun_ResultShowsTheOrderThatWouldBeSent()
    {
        using RouterHarness harness = RouterHarness.Create();

        Task<ExecutionResult> pending = harness.Router.ExecuteAsync(Tasks.Create("task-42"));
        Assert.That(pending.IsCompletedSuccessfully, Is.True, "the dry-run path never waits");
        ExecutionResult result = await pending;

        ConnectorResult ftmo = result.ConnectorResults[0];
        Assert.That(ftmo.RawRequest, Is.Not.Null);
        JsonElement body = ftmo.RawRequest!.Body!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(ftmo.RawRequest.Method, Is.EqualTo("POST"));
            Assert.That(ftmo.RawRequest.Url, Is.EqualTo(RouterHarness.FtmoOrdersUrl));
            Assert.That(body.GetProperty("client_order_id").GetString(), Is.EqualTo(ftmo.ClientOrderId));
            Assert.That(body.GetProperty("symbol").GetString(), Is.EqualTo("NQ"));
            Assert.That(body.GetProperty("side").GetString(), Is.EqualTo("BUY"));
            Assert.That(body.GetProperty("quantity").GetDecimal(), Is.EqualTo(1m));
            Assert.That(body.GetProperty("program_ids").GetArrayLength(), Is.EqualTo(2));
            Assert.That(ftmo.ErrorMessage, Does.Contain("would be sent"));
        });

        string json = ExecutionJson.Serialize(result);
        Assert.That(json, Does.Not.Contain(RouterHarness.FtmoKey).And.Not.Contain(RouterHarness.ApexKey));
    }

    [Test]
    public async Task ExecuteAsync_DryRunAndUnsupportedSymbol_SkippedWithLiveModePreview()
    {
        using RouterHarness harness = RouterHarness.Create();

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"EURUSD","side":"BUY","quantity":1,"firm_codes":["APEX"]}"""));

        ConnectorResult apex = result.ConnectorResults.Single();
        Assert.Multiple(() =>
        {
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(apex.ErrorMessage, Does.Contain(ConnectorErrorCodes.UnsupportedSymbol));
        });
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_DryRunAndInvalidPayload_InvalidOrderForEveryFirm()
    {
        using RouterHarness harness = RouterHarness.Create();

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":0}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => r.FirmCode), Is.EqualTo(new[] { "APEX", "FTMO" }));
            Assert.That(result.ConnectorResults.Select(r => r.ErrorCode), Is.All.EqualTo(ConnectorErrorCodes.InvalidOrder));
            Assert.That(result.ConnectorResults.Select(r => r.ErrorMessage), Is.All.Contains("quantity must be greater than zero"));
            Assert.That(result.Details, Is.EqualTo(ExecutionRouter.DryRunDetails));
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_DryRunAndFirmWithoutKey_SkippedBeforeNotConfigured()
    {
        using RouterHarness harness = RouterHarness.Create(settings: s => s["FTMO_API_KEY"] = null);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

        Assert.That(result.ConnectorResults[0].ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
        harness.Ftmo.VerifyExactly();
    }

    [TestCase("1")]
    [TestCase("true")]
    [TestCase("TRUE")]
    [TestCase("True")]
    [TestCase("yes")]
    [TestCase("YES")]
    [TestCase("on")]
    [TestCase("On")]
    [TestCase(" on ")]
    public async Task ExecuteAsync_ExecutionDryRunOn_NoRequest(string value)
    {
        using RouterHarness harness = RouterHarness.Create(settings: s => s["EXECUTION_DRY_RUN"] = value);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

        Assert.Multiple(() =>
        {
            Assert.That(result.DryRun, Is.True);
            Assert.That(result.ConnectorResults.Select(r => r.Status), Is.All.EqualTo(ConnectorStatus.Skipped));
            Assert.That(Warnings(harness), Is.Empty);
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [TestCase("0")]
    [TestCase("false")]
    [TestCase("FALSE")]
    [TestCase("False")]
    [TestCase("no")]
    [TestCase("NO")]
    [TestCase("off")]
    [TestCase("Off")]
    public async Task ExecuteAsync_ExecutionDryRunOff_LiveOrderPerFirm(string value)
    {
        using RouterHarness harness = RouterHarness.Create(settings: s => s["EXECUTION_DRY_RUN"] = value);
        ExpectOneOrderEach(harness);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

        Assert.Multiple(() =>
        {
            Assert.That(result.DryRun, Is.False);
            Assert.That(result.Routed, Is.True);
            Assert.That(result.ConnectorResults.Select(r => r.Status), Is.All.EqualTo(ConnectorStatus.Success));
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [TestCase("maybe")]
    [TestCase("2")]
    [TestCase("enabled")]
    [TestCase("nope")]
    [TestCase("falsey")]
    public async Task ExecuteAsync_ExecutionDryRunUnrecognised_StaysOnAndWarns(string value)
    {
        using RouterHarness harness = RouterHarness.Create(settings: s => s["EXECUTION_DRY_RUN"] = value);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

        Assert.Multiple(() =>
        {
            Assert.That(result.DryRun, Is.True);
            Assert.That(result.ConnectorResults.Select(r => r.ErrorCode), Is.All.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
            Assert.That(Warnings(harness).Select(r => r.Message), Has.One.Contains("EXECUTION_DRY_RUN").And.Contains("stays ON"));
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [TestCase("")]
    [TestCase("   ")]
    public async Task ExecuteAsync_ExecutionDryRunBlank_DefaultOn(string value)
    {
        using RouterHarness harness = RouterHarness.Create(settings: s => s["EXECUTION_DRY_RUN"] = value);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

        Assert.That(result.DryRun, Is.True);
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_DryRunOffInCode_Live()
    {
        using RouterHarness harness = RouterHarness.Create(services: s => s.Configure<PropConnectorsOptions>(o => o.DryRun = false));
        ExpectOneOrderEach(harness);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

        Assert.That(result.DryRun, Is.False);
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_DryRunOffInCodeButUnrecognisedVariable_StaysOn()
    {
        using RouterHarness harness = RouterHarness.Create(
            settings: s => s["EXECUTION_DRY_RUN"] = "perhaps",
            services: s => s.Configure<PropConnectorsOptions>(o => o.DryRun = false));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

        Assert.That(result.DryRun, Is.True);
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_StructuredKeyOffAndVariableOn_OnWins()
    {
        using RouterHarness harness = RouterHarness.Create(settings: s =>
        {
            s["PropConnectors:DryRun"] = "false";
            s["EXECUTION_DRY_RUN"] = "true";
        });

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

        Assert.That(result.DryRun, Is.True);
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_ExecutionDryRunFromEnvironmentVariable_Honoured()
    {
        string? previous = Environment.GetEnvironmentVariable("EXECUTION_DRY_RUN");
        Environment.SetEnvironmentVariable("EXECUTION_DRY_RUN", "off");
        try
        {
            IConfiguration configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(RouterHarness.FirmSettings(live: false))
                .AddEnvironmentVariables()
                .Build();
            using RouterHarness harness = RouterHarness.Create(configuration: configuration);
            ExpectOneOrderEach(harness);

            ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t"));

            Assert.That(result.DryRun, Is.False);
            harness.Ftmo.VerifyExactly();
            harness.Apex.VerifyExactly();
        }
        finally
        {
            Environment.SetEnvironmentVariable("EXECUTION_DRY_RUN", previous);
        }
    }

    private static void ExpectOneOrderEach(RouterHarness harness)
    {
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));
        harness.Apex.Mock.Expect(HttpMethod.Post, RouterHarness.ApexOrdersUrl).Respond(_ => FirmHttp.Order("APEX_1"));
    }

    private static IEnumerable<FakeLogRecord> Warnings(RouterHarness harness) =>
        harness.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning);
}
