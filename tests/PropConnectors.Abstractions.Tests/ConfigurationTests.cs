using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using PropConnectors.Configuration;
using PropConnectors.Ftmo;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Abstractions.Tests.Support;

namespace PropConnectors.Abstractions.Tests;

/// <summary>
/// CONTRACT §8: both configuration styles bind, code wins last, malformed values never throw but leave the
/// firm disabled with one warning naming the key, and every value of the dry-run gate parses as specified.
/// </summary>
public sealed class ConfigurationTests
{
    private const int FirmConfigurationProblemEvent = 1001;
    private const int UnrecognisedDryRunEvent = 1002;

    private static FakeLogRecord[] Warnings(TestHost host, int eventId) =>
        [.. host.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Id.Id == eventId)];

    [Test]
    public void Options_SectionStyle_Bound()
    {
        using var host = TestHost.Create(s =>
        {
            s.Configuration.Clear();
            s.Configuration["PropConnectors:Firms:FTMO:Enabled"] = "true";
            s.Configuration["PropConnectors:Firms:FTMO:ApiKey"] = TestHost.FtmoKey;
            s.Configuration["PropConnectors:Firms:FTMO:BaseUrl"] = "https://section.ftmo.test/v2";
            s.Configuration["PropConnectors:Firms:FTMO:SupportedSymbols:0"] = "EURUSD";
            s.Configuration["PropConnectors:Firms:FTMO:SupportedSymbols:1"] = "BTCUSD";
            s.Configuration["PropConnectors:Firms:FTMO:MaxPositionSize"] = "3.5";
            s.Configuration["PropConnectors:Firms:FTMO:Timeout"] = "00:00:20";
            s.Configuration["PropConnectors:Firms:FTMO:MaxAttempts"] = "4";
        });

        PropFirmOptions options = host.Ftmo.Options;

        Assert.Multiple(() =>
        {
            Assert.That(options.Enabled, Is.True);
            Assert.That(options.ApiKey, Is.EqualTo(TestHost.FtmoKey));
            Assert.That(options.BaseUrl, Is.EqualTo("https://section.ftmo.test/v2"));
            Assert.That(options.SupportedSymbols, Is.EqualTo(new[] { "EURUSD", "BTCUSD" }));
            Assert.That(options.MaxPositionSize, Is.EqualTo(3.5m));
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(options.MaxAttempts, Is.EqualTo(4));
            Assert.That(host.Ftmo.IsEnabled, Is.True);
            Assert.That(host.Ftmo.GetConfigurationProblem(), Is.Null);
            Assert.That(host.Ftmo.SupportsSymbol("btcusd"), Is.True);
            Assert.That(host.Ftmo.SupportsSymbol("XAUUSD"), Is.False, "a configured list replaces the default one");
        });
    }

    [Test]
    public async Task Options_FlatStyle_BoundAndUsed()
    {
        using var host = TestHost.Create(s =>
        {
            s.Configuration.Clear();
            s.Configuration["FTMO_ENABLED"] = "YES";
            s.Configuration["FTMO_API_KEY"] = TestHost.FtmoKey;
            s.Configuration["FTMO_BASE_URL"] = TestHost.FtmoBaseUrl;
            s.Configuration["FTMO_SUPPORTED_SYMBOLS"] = " EURUSD, xauusd ,,US100.cash ";
            s.Configuration["FTMO_MAX_POSITION_SIZE"] = "7.5";
            s.Configuration["FTMO_TIMEOUT_SECONDS"] = "12.5";
        });
        OrderRequest order = TestOrders.Ftmo() with { Symbol = "XAUUSD", Quantity = 7.5m };
        host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult placed = await host.Ftmo.PlaceOrderAsync(order);
        ConnectorResult tooBig = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo("t2", 8m));
        ConnectorResult unsupported = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo("t3") with { Symbol = "GBPUSD" });

        PropFirmOptions options = host.Ftmo.Options;
        Assert.Multiple(() =>
        {
            Assert.That(options.Enabled, Is.True);
            Assert.That(options.SupportedSymbols, Is.EqualTo(new[] { "EURUSD", "xauusd", "US100.cash" }));
            Assert.That(options.MaxPositionSize, Is.EqualTo(7.5m));
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(12.5)));
            Assert.That(placed.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(tooBig.ErrorCode, Is.EqualTo(ConnectorErrorCodes.PositionLimitExceeded));
            Assert.That(unsupported.ErrorCode, Is.EqualTo(ConnectorErrorCodes.UnsupportedSymbol));
        });
        host.VerifyAllRequests(ftmo: 1);
    }

    [Test]
    public void Options_NothingConfigured_DisabledWithFirmDefaults()
    {
        using var host = TestHost.Create(s => s.Configuration.Clear());

        PropFirmOptions ftmo = host.Ftmo.Options;
        PropFirmOptions apex = host.Apex.Options;

        Assert.Multiple(() =>
        {
            Assert.That(ftmo.Enabled, Is.False);
            Assert.That(ftmo.ApiKey, Is.Null);
            Assert.That(ftmo.SupportedSymbols, Is.EqualTo(FtmoFirm.DefaultSymbols));
            Assert.That(ftmo.MaxPositionSize, Is.EqualTo(50m));
            Assert.That(ftmo.Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(apex.MaxPositionSize, Is.EqualTo(20m));
            Assert.That(host.Registry.GetEnabled(), Is.Empty);
            Assert.That(Warnings(host, FirmConfigurationProblemEvent), Is.Empty, "a firm that is simply off is not a warning");
        });
    }

    [Test]
    public void Options_FlatOverridesSectionAndCodeOverridesBoth()
    {
        using var host = TestHost.Create(s =>
        {
            s.Configuration["PropConnectors:Firms:FTMO:BaseUrl"] = "https://section.ftmo.test";
            s.Configuration["PropConnectors:Firms:FTMO:MaxPositionSize"] = "1";
            s.Configuration["FTMO_MAX_POSITION_SIZE"] = "2";
            s.Configuration["PropConnectors:Firms:APEX:MaxPositionSize"] = "1";
            s.Configuration["APEX_MAX_POSITION_SIZE"] = "2";
            s.Apex = o => o.MaxPositionSize = 3;
        });

        Assert.Multiple(() =>
        {
            Assert.That(host.Ftmo.Options.BaseUrl, Is.EqualTo(TestHost.FtmoBaseUrl));
            Assert.That(host.Ftmo.Options.MaxPositionSize, Is.EqualTo(2m));
            Assert.That(host.Apex.Options.MaxPositionSize, Is.EqualTo(3m));
        });
    }

    [TestCase("FTMO_ENABLED", "maybe-zz9", "FTMO_ENABLED")]
    [TestCase("FTMO_MAX_POSITION_SIZE", "abc-zz9", "FTMO_MAX_POSITION_SIZE")]
    [TestCase("FTMO_MAX_POSITION_SIZE", "-3", "FTMO_MAX_POSITION_SIZE")]
    [TestCase("FTMO_TIMEOUT_SECONDS", "-1", "FTMO_TIMEOUT_SECONDS")]
    [TestCase("FTMO_TIMEOUT_SECONDS", "soon-zz9", "FTMO_TIMEOUT_SECONDS")]
    [TestCase("FTMO_TIMEOUT_SECONDS", "100000", "FTMO_TIMEOUT_SECONDS")]
    [TestCase("PropConnectors:Firms:FTMO:Timeout", "abc-zz9", "PropConnectors:Firms:FTMO:Timeout")]
    [TestCase("PropConnectors:Firms:FTMO:Enabled", "maybe-zz9", "PropConnectors:Firms:FTMO:Enabled")]
    [TestCase("PropConnectors:Firms:FTMO:MaxAttempts", "lots-zz9", "PropConnectors:Firms:FTMO:MaxAttempts")]
    [TestCase("PropConnectors:Firms:FTMO:MaxPositionSize", "big-zz9", "PropConnectors:Firms:FTMO:MaxPositionSize")]
    public async Task Options_MalformedValue_FirmDisabledWithOneWarningNamingTheKey(string key, string value, string named)
    {
        using var host = TestHost.Create(s => s.Configuration[key] = value);

        bool enabled = host.Ftmo.IsEnabled;
        ConnectorResult first = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());
        ConnectorResult second = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo("task-2"));
        ConnectorResult apex = await host.Apex.AuthenticateAsync();

        FakeLogRecord[] warnings = Warnings(host, FirmConfigurationProblemEvent);
        Assert.Multiple(() =>
        {
            Assert.That(enabled, Is.False);
            Assert.That(host.Registry.GetEnabled().Select(c => c.FirmCode), Is.EqualTo(new[] { "APEX" }));
            Assert.That(first.Status, Is.EqualTo(ConnectorStatus.Failed));
            Assert.That(first.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
            Assert.That(first.ErrorMessage, Does.Contain(named));
            Assert.That(first.ErrorMessage, Does.Not.Contain("zz9"), "names the setting, never its value");
            Assert.That(second.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
            Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Success), "one firm's bad configuration leaves the others alone");
            Assert.That(warnings, Has.Length.EqualTo(1));
            Assert.That(warnings.Single().Message, Does.Contain(named).And.Not.Contain("zz9"));
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [TestCase("PropConnectors:Firms:FTMO:MaxAttempts", "0", "MaxAttempts")]
    [TestCase("PropConnectors:Firms:FTMO:MaxAttempts", "21", "MaxAttempts")]
    [TestCase("PropConnectors:Firms:FTMO:MaxResponseBytes", "10", "MaxResponseBytes")]
    public async Task Options_OutOfRange_ConnectorNotConfiguredNamingTheSetting(string key, string value, string named)
    {
        using var host = TestHost.Create(s => s.Configuration[key] = value);

        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());

        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
            Assert.That(result.ErrorMessage, Does.Contain(named));
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public async Task Options_ConfigurationReloaded_NewValuesUsed()
    {
        using var host = TestHost.Create();
        var configuration = (IConfigurationRoot)host.Configuration!;
        bool before = host.Ftmo.IsEnabled;

        configuration["FTMO_ENABLED"] = "false";
        configuration.Reload();
        ConnectorResult result = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.True);
            Assert.That(host.Ftmo.IsEnabled, Is.False);
            Assert.That(host.Registry.GetEnabled().Select(c => c.FirmCode), Is.EqualTo(new[] { "APEX" }));
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
        });
        host.VerifyAllRequests(ftmo: 0);
    }

    [TestCase("1", true)]
    [TestCase("true", true)]
    [TestCase("TRUE", true)]
    [TestCase("True", true)]
    [TestCase("yes", true)]
    [TestCase("YES", true)]
    [TestCase("on", true)]
    [TestCase("On", true)]
    [TestCase(" on ", true)]
    [TestCase("0", false)]
    [TestCase("false", false)]
    [TestCase("FALSE", false)]
    [TestCase("False", false)]
    [TestCase("no", false)]
    [TestCase("NO", false)]
    [TestCase("off", false)]
    [TestCase("oFF", false)]
    [TestCase(" 0 ", false)]
    public async Task DryRun_RecognisedValue_DecidesWithoutWarning(string value, bool dryRun)
    {
        foreach (string key in new[] { ConfigurationKeys.ExecutionDryRun, ConfigurationKeys.DryRun })
        {
            using var host = TestHost.Create(s =>
            {
                s.Global = null;
                s.Configuration[key] = value;
            });
            OrderRequest order = TestOrders.Ftmo();
            if (!dryRun)
            {
                host.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);
            }

            ConnectorResult result = await host.Ftmo.PlaceOrderAsync(order);

            Assert.Multiple(() =>
            {
                Assert.That(host.Services.GetRequiredService<IOptionsMonitor<PropConnectorsOptions>>().CurrentValue.DryRun, Is.EqualTo(dryRun), key);
                Assert.That(result.Status, Is.EqualTo(dryRun ? ConnectorStatus.Skipped : ConnectorStatus.Success), key);
                Assert.That(Warnings(host, UnrecognisedDryRunEvent), Is.Empty, key);
            });
            host.VerifyAllRequests(ftmo: dryRun ? 0 : 1);
        }
    }

    [TestCase("maybe")]
    [TestCase("2")]
    [TestCase("disabled")]
    [TestCase("nope")]
    public async Task DryRun_UnrecognisedValue_OnWithOneWarning(string value)
    {
        foreach (string key in new[] { ConfigurationKeys.ExecutionDryRun, ConfigurationKeys.DryRun })
        {
            using var host = TestHost.Create(s => s.Configuration[key] = value);

            ConnectorResult result = await host.Ftmo.PlaceOrderAsync(TestOrders.Ftmo());
            await host.Apex.PlaceOrderAsync(TestOrders.Apex());

            FakeLogRecord[] warnings = Warnings(host, UnrecognisedDryRunEvent);
            Assert.Multiple(() =>
            {
                Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Skipped), "code said live, but an unreadable gate stays on");
                Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
                Assert.That(warnings, Has.Length.EqualTo(1), key);
                Assert.That(warnings.Single().Message, Does.Contain(key));
            });
            host.VerifyAllRequests(ftmo: 0);
        }
    }

    [TestCase("false", "true", true)]
    [TestCase("true", "false", true)]
    [TestCase("false", "false", false)]
    [TestCase("false", null, false)]
    [TestCase(null, "off", false)]
    [TestCase("false", "", false)]
    public void DryRun_BothKeys_OnWins(string? structured, string? flat, bool dryRun)
    {
        using var host = TestHost.Create(s =>
        {
            s.Global = null;
            s.Configuration[ConfigurationKeys.DryRun] = structured;
            s.Configuration[ConfigurationKeys.ExecutionDryRun] = flat;
        });

        Assert.That(host.Services.GetRequiredService<IOptions<PropConnectorsOptions>>().Value.DryRun, Is.EqualTo(dryRun));
    }

    [Test]
    public void DryRun_NothingAnywhere_On()
    {
        using var host = TestHost.Create(s =>
        {
            s.Global = null;
            s.Configuration.Clear();
        });

        Assert.That(host.Services.GetRequiredService<IOptions<PropConnectorsOptions>>().Value.DryRun, Is.True);
    }

    [Test]
    public async Task DryRun_OffInCode_LiveUnlessConfigurationSaysOn()
    {
        using var live = TestHost.Create(s => s.Global = o => o.DryRun = false);
        using var overruled = TestHost.Create(s =>
        {
            s.Global = o => o.DryRun = false;
            s.Configuration[ConfigurationKeys.ExecutionDryRun] = "1";
        });
        OrderRequest order = TestOrders.Ftmo();
        live.FtmoHttp.ExpectPost(TestHost.FtmoOrders, order.ClientOrderId).RespondJson(HttpStatusCode.OK, TestOrders.FilledJson);

        ConnectorResult sent = await live.Ftmo.PlaceOrderAsync(order);
        ConnectorResult skipped = await overruled.Ftmo.PlaceOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(sent.Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(skipped.Status, Is.EqualTo(ConnectorStatus.Skipped));
        });
        live.VerifyAllRequests(ftmo: 1);
        overruled.VerifyAllRequests(ftmo: 0);
    }

    [Test]
    public void Options_EnvironmentVariablesThroughAddEnvironmentVariables_BothStylesBind()
    {
        const string Prefix = "PCTESTS_CFG_";
        var variables = new Dictionary<string, string>
        {
            [Prefix + "FTMO_ENABLED"] = "on",
            [Prefix + "FTMO_API_KEY"] = TestHost.FtmoKey,
            [Prefix + "PropConnectors__Firms__FTMO__BaseUrl"] = "https://env.ftmo.test/v1",
            [Prefix + "FTMO_SUPPORTED_SYMBOLS"] = "EURUSD,GBPUSD",
            [Prefix + "EXECUTION_DRY_RUN"] = "false",
        };
        try
        {
            foreach ((string name, string value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            using var host = TestHost.Create(s =>
            {
                s.Global = null;
                s.CustomConfiguration = new ConfigurationBuilder().AddEnvironmentVariables(Prefix).Build();
            });

            Assert.Multiple(() =>
            {
                Assert.That(host.Ftmo.IsEnabled, Is.True);
                Assert.That(host.Ftmo.GetConfigurationProblem(), Is.Null);
                Assert.That(host.Ftmo.Options.BaseUrl, Is.EqualTo("https://env.ftmo.test/v1"));
                Assert.That(host.Ftmo.Options.SupportedSymbols, Is.EqualTo(new[] { "EURUSD", "GBPUSD" }));
                Assert.That(host.Services.GetRequiredService<IOptions<PropConnectorsOptions>>().Value.DryRun, Is.False);
            });
        }
        finally
        {
            foreach (string name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Test]
    public void Options_NoConfigurationRegistered_ReadsProcessEnvironment()
    {
        var variables = new Dictionary<string, string>
        {
            ["ACME_ENABLED"] = "true",
            ["ACME_API_KEY"] = AcmeConnector.Key,
            ["ACME_BASE_URL"] = "https://api.acme.test",
            ["ACME_MAX_POSITION_SIZE"] = "4",
        };
        try
        {
            foreach ((string name, string value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            using var host = TestHost.Create(s =>
            {
                s.RegisterConfiguration = false;
                s.Builder = b => b.AddConnector<AcmeConnector>(AcmeConnector.Profile);
            });
            Assert.That(host.Registry.TryGet("acme", out BasePropConnector? acme), Is.True);

            Assert.Multiple(() =>
            {
                Assert.That(acme!.IsEnabled, Is.True);
                Assert.That(acme.Options.MaxPositionSize, Is.EqualTo(4m));
                Assert.That(acme.GetConfigurationProblem(), Is.Null);
            });
        }
        finally
        {
            foreach (string name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Test]
    public void AddPropConnectors_CalledTwice_OneDryRunWarningOnly()
    {
        using var host = TestHost.Create(s =>
        {
            s.Configuration[ConfigurationKeys.ExecutionDryRun] = "perhaps";
            s.Before = services => services.AddPropConnectors();
        });

        _ = host.Services.GetRequiredService<IOptions<PropConnectorsOptions>>().Value;

        Assert.That(Warnings(host, UnrecognisedDryRunEvent), Has.Length.EqualTo(1));
    }
}
