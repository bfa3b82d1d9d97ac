using System.Text.RegularExpressions;
using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>The sample host run as a process: the <c>route</c> command against a sandbox started here, and the demo.</summary>
[TestFixture]
public sealed partial class SampleHostTests
{
    private SandboxEnvironment _sandbox = null!;
    private string _directory = null!;

    [SetUp]
    public async Task SetUp()
    {
        _sandbox = await SandboxEnvironment.StartAsync();
        _directory = Directory.CreateTempSubdirectory("propconnectors-e2e-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Route_TaskFileAgainstSandbox_PrintsOnlyTheExecutionResult()
    {
        ExecutionTask task = Tasks.Create(Tasks.NewId("proc"), ["FTMO", "APEX"]);
        string taskFile = Path.Combine(_directory, "task.json");
        await File.WriteAllTextAsync(taskFile, task.ToString());

        ProcessOutcome outcome = await SampleHostProcess.RunAsync(["route", "--task", taskFile], ApexOnly());

        ExecutionResult result = ParseSingleResult(outcome);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.StandardError);
            Assert.That(result.TaskId, Is.EqualTo(task.Id));
            Assert.That(result.TradeId, Is.EqualTo(task.TradeId));
            Assert.That(result.DryRun, Is.False);
            Assert.That(result.Routed, Is.True);
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("APEX").ClientOrderId, Is.EqualTo(ClientOrderIds.Create(task.Id, "APEX")));
            Assert.That(result.For("APEX").ExternalOrderId, Is.EqualTo(_sandbox.Apex.Orders.Single().OrderId));
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Failed), "FTMO is not enabled in the child's environment");
            Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.ConnectorNotConfigured));
            Assert.That(_sandbox.Apex.Requests, Has.Count.EqualTo(1));
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty);
            AssertNoKey(outcome);
        });
    }

    [Test]
    public async Task Route_TaskOnStandardInputWithDotNetStyleVariables_BothFirmsSucceed()
    {
        ExecutionTask task = Tasks.Create(Tasks.NewId("stdin"), ["FTMO", "APEX"]);
        var environment = new Dictionary<string, string>(ApexOnly())
        {
            ["PropConnectors__Firms__FTMO__Enabled"] = "true",
            ["PropConnectors__Firms__FTMO__ApiKey"] = _sandbox.FtmoKey,
            ["PropConnectors__Firms__FTMO__BaseUrl"] = _sandbox.Ftmo.BaseUrl.ToString(),
            ["PropConnectors__Firms__FTMO__SupportedSymbols__0"] = "NQ",
        };

        ProcessOutcome outcome = await SampleHostProcess.RunAsync(["route", "--task", "-"], environment, standardInput: task.ToString());

        ExecutionResult result = ParseSingleResult(outcome);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.StandardError);
            Assert.That(result.TaskId, Is.EqualTo(task.Id));
            Assert.That(result.ConnectorResults.Select(r => (r.FirmCode, r.Status)), Is.EqualTo(new[]
            {
                ("FTMO", ConnectorStatus.Success),
                ("APEX", ConnectorStatus.Success),
            }));
            Assert.That(result.For("FTMO").ExternalOrderId, Is.EqualTo(_sandbox.Ftmo.Orders.Single().OrderId));
            Assert.That(result.For("APEX").ExternalOrderId, Is.EqualTo(_sandbox.Apex.Orders.Single().OrderId));
            AssertNoKey(outcome);
        });
    }

    [Test]
    public async Task Route_DryRunNotSet_SkippedAndNothingSent()
    {
        ExecutionTask task = Tasks.Create(Tasks.NewId("procdry"), ["APEX"]);
        var environment = new Dictionary<string, string>(ApexOnly());
        environment.Remove("EXECUTION_DRY_RUN");

        ProcessOutcome outcome = await SampleHostProcess.RunAsync(["route", "--task", "-"], environment, standardInput: task.ToString());

        ExecutionResult result = ParseSingleResult(outcome);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.StandardError);
            Assert.That(result.DryRun, Is.True);
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Skipped));
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.GlobalDryRunEnabled));
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
            AssertNoKey(outcome);
        });
    }

    [TestCase("{\"id\": \"t-1\", \"payload\": ")]
    [TestCase("not json at all")]
    [TestCase("{\"payload\": {\"symbol\": \"NQ\"}}")]
    public async Task Route_MalformedTaskFile_ExitsNonZeroWithOneLineAndNoStackTrace(string content)
    {
        string taskFile = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(taskFile, content);

        ProcessOutcome outcome = await SampleHostProcess.RunAsync(["route", "--task", taskFile], ApexOnly());

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.Zero);
            Assert.That(outcome.StandardOutput, Is.Empty, "nothing that could be read as a result");
            Assert.That(outcome.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1), outcome.StandardError);
            Assert.That(outcome.StandardError, Does.Contain(taskFile));
            Assert.That(outcome.StandardError, Does.Not.Contain("   at "));
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task Route_MissingTaskFile_ExitsNonZeroWithAClearMessage()
    {
        string taskFile = Path.Combine(_directory, "no-such-task.json");

        ProcessOutcome outcome = await SampleHostProcess.RunAsync(["route", "--task", taskFile], ApexOnly());

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.Zero);
            Assert.That(outcome.StandardOutput, Is.Empty);
            Assert.That(outcome.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1), outcome.StandardError);
            Assert.That(outcome.StandardError, Does.Contain("cannot read").And.Contain(taskFile));
            Assert.That(outcome.StandardError, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Help_Requested_ExitsZeroAndDescribesRoute()
    {
        ProcessOutcome outcome = await SampleHostProcess.RunAsync(["--help"]);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero);
            Assert.That(outcome.StandardOutput, Does.Contain("route --task"));
            Assert.That(outcome.StandardOutput, Does.Contain("EXECUTION_DRY_RUN"));
        });
    }

    [Test]
    public async Task Demo_NoArguments_ExitsZeroWithSuccessRowsForBothFirms()
    {
        ProcessOutcome outcome = await SampleHostProcess.RunAsync([], workingDirectory: _directory);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.StandardOutput + outcome.StandardError);
            Assert.That(SuccessRow("FTMO").IsMatch(outcome.StandardOutput), Is.True, outcome.StandardOutput);
            Assert.That(SuccessRow("APEX").IsMatch(outcome.StandardOutput), Is.True, outcome.StandardOutput);
            Assert.That(outcome.StandardOutput, Does.Contain("client_order_ids held more than once: 0"));
            Assert.That(Regex.IsMatch(outcome.StandardOutput, @"demo-risk-nq-001\s+APEX:EVAL\s+SUCCESS\s+-\s+APEX-\d+\s+2\s"), Is.True, "1 % of 50,000 over 10 NQ points: 2 contracts");
            Assert.That(Regex.IsMatch(outcome.StandardOutput, @"demo-risk-nq-001\s+APEX:FUNDED\s+SUCCESS\s+-\s+APEX-\d+\s+7\s"), Is.True, "1 % of 150,000: 7 contracts");
            Assert.That(outcome.StandardOutput, Does.Contain("CLOSE NQ 3: SUCCESS"));
            Assert.That(outcome.StandardOutput, Does.Contain("CANCEL NQ 1: SUCCESS"));
            Assert.That(outcome.StandardOutput, Does.Contain("After the flatten both Apex accounts are flat"));
            Assert.That(outcome.StandardError, Does.Not.Contain("   at "));
            Assert.That(Path.Combine(_directory, "artifacts", "sample", "execution-results.jsonl"), Does.Exist);
        });
    }

    /// <summary>A table row: task, firm, SUCCESS, no error code, an order id.</summary>
    private static Regex SuccessRow(string firm) =>
        new($@"^\s+\S+\s+{firm}(:\S+)?\s+SUCCESS\s+-\s+{firm}-\d+\s", RegexOptions.Multiline);

    private Dictionary<string, string> ApexOnly() => new()
    {
        ["EXECUTION_DRY_RUN"] = "false",
        ["APEX_ENABLED"] = "true",
        ["APEX_API_KEY"] = _sandbox.ApexKey,
        ["APEX_BASE_URL"] = _sandbox.Apex.BaseUrl.ToString(),
        ["PropConnectors__Firms__APEX__AcknowledgeAutomationPolicy"] = "true",
    };

    /// <summary>Standard output is exactly one §7 JSON document on one line.</summary>
    private static ExecutionResult ParseSingleResult(ProcessOutcome outcome)
    {
        Assert.That(outcome.StandardOutput.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "stdout: " + outcome.StandardOutput + "\nstderr: " + outcome.StandardError);
        using (JsonDocument document = JsonDocument.Parse(outcome.StandardOutput))
        {
            Assert.That(document.RootElement.GetProperty("connector_results").ValueKind, Is.EqualTo(JsonValueKind.Array));
        }

        return ExecutionJson.ParseResult(outcome.StandardOutput);
    }

    private void AssertNoKey(ProcessOutcome outcome)
    {
        foreach (string key in new[] { _sandbox.ApexKey, _sandbox.FtmoKey })
        {
            Assert.That(outcome.StandardOutput, Does.Not.Contain(key));
            Assert.That(outcome.StandardError, Does.Not.Contain(key));
        }
    }
}
