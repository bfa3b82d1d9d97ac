using Microsoft.Extensions.DependencyInjection;
using PropConnectors.Registration;
using PropConnectors.Results;
using PropConnectors.Routing.Tests.Support;

namespace PropConnectors.Routing.Tests;

public class RoutingRulesTests
{
    [Test]
    public void Parse_FirmCodesAnyCaseWithDuplicates_UpperCaseOnceInOrder()
    {
        RoutingRules rules = RoutingRules.Parse(Tasks.Json("""{"firm_codes":["apex"," Ftmo ","APEX","ftmo"]}"""));
        Assert.Multiple(() =>
        {
            Assert.That(rules.FirmCodes, Is.EqualTo(new[] { "APEX", "FTMO" }));
            Assert.That(rules.TargetsEveryEnabledFirm, Is.False);
            Assert.That(rules.Error, Is.Null);
        });
    }

    [TestCase("""{}""")]
    [TestCase("""{"firm_codes":null}""")]
    [TestCase("""{"firm_codes":[]}""")]
    public void Parse_NoFirmCodes_TargetsEveryEnabledFirm(string payload)
    {
        RoutingRules rules = RoutingRules.Parse(Tasks.Json(payload));
        Assert.Multiple(() =>
        {
            Assert.That(rules.FirmCodes, Is.Empty);
            Assert.That(rules.TargetsEveryEnabledFirm, Is.True);
        });
    }

    // Regression (hostile input): a list that names nothing routed to every enabled firm.
    [TestCase("""{"firm_codes":["", " ", null]}""")]
    [TestCase("""{"firm_codes":[null]}""")]
    [TestCase("""{"firm_codes":[""]}""")]
    [TestCase("""{"firm_codes":["  "]}""")]
    [TestCase("""{"firm_codes":""}""")]
    [TestCase("""{"firm_codes":" , "}""")]
    public void Parse_FirmCodesThatNameNothing_RefusedAndNoTarget(string payload)
    {
        RoutingRules rules = RoutingRules.Parse(Tasks.Json(payload));
        using RouterHarness harness = RouterHarness.Create();
        Assert.Multiple(() =>
        {
            Assert.That(rules.Error, Does.StartWith("firm_codes names no firm"));
            Assert.That(rules.TargetsEveryEnabledFirm, Is.False, "a list that names nothing never widens to every firm");
            Assert.That(rules.SelectTargets(harness.Services.GetRequiredService<IPropConnectorRegistry>()), Is.Empty);
        });
    }

    [Test]
    public void Parse_CommaSeparatedString_ReadAsList()
    {
        Assert.That(RoutingRules.Parse(Tasks.Json("""{"firm_codes":"ftmo, apex"}""")).FirmCodes, Is.EqualTo(new[] { "FTMO", "APEX" }));
    }

    [TestCase("""{"firm_codes":[1, 2]}""")]
    [TestCase("""{"firm_codes":["FTMO", {"code":"APEX"}]}""")]
    [TestCase("""{"firm_codes":{"FTMO":true}}""")]
    [TestCase("""{"firm_codes":true}""")]
    public void Parse_MalformedFirmCodes_ErrorAndNoTarget(string payload)
    {
        RoutingRules rules = RoutingRules.Parse(Tasks.Json(payload));
        using RouterHarness harness = RouterHarness.Create();
        Assert.Multiple(() =>
        {
            Assert.That(rules.Error, Does.StartWith("firm_codes must be a list of firm code strings"));
            Assert.That(rules.TargetsEveryEnabledFirm, Is.False, "a malformed list never widens to every firm");
            Assert.That(rules.SelectTargets(harness.Services.GetRequiredService<IPropConnectorRegistry>()), Is.Empty);
        });
    }

    [Test]
    public void Parse_ContractExample_ExposesRoutingMetadata()
    {
        RoutingRules rules = RoutingRules.For(Tasks.Create("task-42"));
        Assert.Multiple(() =>
        {
            Assert.That(rules.FirmCodes, Is.EqualTo(new[] { "FTMO", "APEX" }));
            Assert.That(rules.ProgramIds, Is.EqualTo(new long[] { 1, 5 }));
            Assert.That(rules.Quantity, Is.EqualTo(1m));
            Assert.That(rules.RiskPercent, Is.EqualTo(0.01m));
            Assert.That(rules.Symbol, Is.EqualTo("NQ"));
            Assert.That(rules.Session, Is.EqualTo("NY AM"));
            Assert.That(rules.Bias, Is.EqualTo("Bullish"));
        });
    }

    [Test]
    public void Parse_NumericStringMetadataAndInvalidOrder_MetadataStillExposed()
    {
        RoutingRules rules = RoutingRules.Parse(Tasks.Json("""{"quantity":"3","risk_percent":"0.02","program_ids":["9"],"side":"nonsense"}"""));
        Assert.Multiple(() =>
        {
            Assert.That(rules.Quantity, Is.EqualTo(3m));
            Assert.That(rules.RiskPercent, Is.EqualTo(0.02m));
            Assert.That(rules.ProgramIds, Is.EqualTo(new long[] { 9 }));
            Assert.That(rules.Symbol, Is.Null);
        });
    }

    [Test]
    public void SelectTargets_NoFirmCodes_OnlyEnabledFirmsByCode()
    {
        using RouterHarness harness = RouterHarness.Create(settings: s => s["APEX_ENABLED"] = "false");
        var registry = harness.Services.GetRequiredService<IPropConnectorRegistry>();

        IReadOnlyList<RoutingTarget> targets = RoutingRules.Parse(Tasks.Json("{}")).SelectTargets(registry);

        Assert.That(targets.Select(t => t.FirmCode), Is.EqualTo(new[] { "FTMO" }));
    }

    [Test]
    public void SelectTargets_NamedCodes_KnownAndUnknownInOrderGiven()
    {
        using RouterHarness harness = RouterHarness.Create(settings: s => s["APEX_ENABLED"] = "false");
        var registry = harness.Services.GetRequiredService<IPropConnectorRegistry>();

        IReadOnlyList<RoutingTarget> targets = RoutingRules.Parse(Tasks.Json("""{"firm_codes":["acme","apex","Ftmo"]}""")).SelectTargets(registry);

        Assert.Multiple(() =>
        {
            Assert.That(targets.Select(t => t.FirmCode), Is.EqualTo(new[] { "ACME", "APEX", "FTMO" }));
            Assert.That(targets.Select(t => t.IsKnown), Is.EqualTo(new[] { false, true, true }), "a named firm is targeted even when disabled: it answers CONNECTOR_NOT_CONFIGURED");
            Assert.That(targets[2].Connector, Is.SameAs(harness.Services.GetRequiredService<PropConnectors.Ftmo.FtmoConnector>()));
        });
    }

    [Test]
    public async Task ExecuteAsync_UnknownFirmBesideKnown_UnknownFirmAndNoRequest()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t-unknown", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["acme","ftmo"]}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => r.FirmCode), Is.EqualTo(new[] { "ACME", "FTMO" }));
            Assert.That(result.ConnectorResults[0].Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(result.ConnectorResults[0].ErrorCode, Is.EqualTo(ConnectorErrorCodes.UnknownFirm));
            Assert.That(result.ConnectorResults[0].ErrorMessage, Does.Contain("'ACME'").And.Contain("APEX, FTMO"));
            Assert.That(result.ConnectorResults[0].Attempts, Is.Zero);
            Assert.That(result.ConnectorResults[1].Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.Routed, Is.True);
            Assert.That(result.Details, Is.EqualTo("routed to 1 of 2 firms: ACME FAILED (UNKNOWN_FIRM), FTMO SUCCESS"));
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_UnknownFirmUnderDryRun_UnknownFirmNotSkipped()
    {
        using RouterHarness harness = RouterHarness.Create();

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":["ACME"]}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.DryRun, Is.True);
            Assert.That(result.ConnectorResults.Single().ErrorCode, Is.EqualTo(ConnectorErrorCodes.UnknownFirm));
            Assert.That(result.Details, Is.EqualTo(ExecutionRouter.DryRunDetails));
        });
    }

    [Test]
    public async Task ExecuteAsync_NoFirmCodesLive_RoutesToEnabledFirmsOnly()
    {
        using RouterHarness harness = RouterHarness.Create(live: true, settings: s => s["APEX_ENABLED"] = "false");
        harness.Ftmo.Mock.Expect(HttpMethod.Post, RouterHarness.FtmoOrdersUrl).Respond(_ => FirmHttp.Order("FTMO_1"));

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults.Select(r => (r.FirmCode, r.Status)), Is.EqualTo(new[] { ("FTMO", ConnectorStatus.Success) }));
            Assert.That(result.Details, Is.EqualTo("routed to 1 of 1 firm: FTMO SUCCESS"));
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_NamedDisabledFirmLive_ConnectorNotConfiguredWithoutRequest()
    {
        using RouterHarness harness = RouterHarness.Create(live: true, settings: s => s["APEX_ENABLED"] = "false");

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"stop_loss":4150,"firm_codes":["APEX"]}"""));

        Assert.That(result.ConnectorResults.Single().ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
        harness.Apex.VerifyExactly();
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task ExecuteAsync_NoFirmEnabled_NoResultsAndDetailsSaySo(bool live)
    {
        using RouterHarness harness = RouterHarness.Create(live: live, settings: s =>
        {
            s["APEX_ENABLED"] = "false";
            s["FTMO_ENABLED"] = "false";
        });

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults, Is.Empty);
            Assert.That(result.Routed, Is.False);
            Assert.That(result.DryRun, Is.EqualTo(!live));
            Assert.That(result.Details, Does.Contain("no firm is enabled"));
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }

    [Test]
    public async Task ExecuteAsync_MalformedFirmCodesLive_NoFirmAndNoRequest()
    {
        using RouterHarness harness = RouterHarness.Create(live: true);

        ExecutionResult result = await harness.Router.ExecuteAsync(Tasks.Create("t", """{"symbol":"NQ","side":"BUY","quantity":1,"firm_codes":[42]}"""));

        Assert.Multiple(() =>
        {
            Assert.That(result.ConnectorResults, Is.Empty);
            Assert.That(result.Routed, Is.False);
            Assert.That(result.Details, Does.StartWith("not routed: invalid task: firm_codes must be a list"));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.InvalidOrder), "a machine-readable refusal");
        });
        harness.Ftmo.VerifyExactly();
        harness.Apex.VerifyExactly();
    }
}
