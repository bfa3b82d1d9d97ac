using System.Diagnostics;
using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>
/// The sample host's <c>route</c> as a process, stopped with SIGINT or SIGTERM while its order is at the firm: an order
/// that finishes within the grace is reported as it ended; one that cannot is reported UNKNOWN with its client order id,
/// within the grace, never silently dropped.
/// </summary>
[TestFixture]
public sealed class SignalTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private SandboxEnvironment _sandbox = null!;
    private string _directory = null!;

    [SetUp]
    public async Task SetUp()
    {
        _sandbox = await SandboxEnvironment.StartAsync();
        _directory = Directory.CreateTempSubdirectory("propconnectors-signal-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [TestCase(SigInt)]
    [TestCase(SigTerm)]
    public async Task Route_SignalWhileTheFirmAnswersWithinTheGrace_WaitsAndPrintsTheResult(int signal)
    {
        _sandbox.Apex.Latency = TimeSpan.FromSeconds(1.5);
        (RunningSample sample, ExecutionTask task) = await StartRouteAsync(graceSeconds: 10);
        using (sample)
        {
            await _sandbox.Apex.WaitForRequestsReceivedAsync(1).WaitAsync(SampleHostProcess.Patience);
            sample.Signal(signal);
            ProcessOutcome outcome = await sample.WaitAsync(SampleHostProcess.Patience);

            ExecutionResult result = ExecutionJson.ParseResult(outcome.StandardOutput);
            Assert.Multiple(() =>
            {
                Assert.That(outcome.ExitCode, Is.Zero, outcome.StandardError);
                Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success), "the order finished within the grace");
                Assert.That(result.For("APEX").ExternalOrderId, Is.EqualTo(_sandbox.Apex.Orders.Single().OrderId));
                Assert.That(result.TaskId, Is.EqualTo(task.Id));
                Assert.That(outcome.StandardError, Does.Contain("stopping"));
            });
        }
    }

    [TestCase(SigInt)]
    [TestCase(SigTerm)]
    public async Task Route_SignalWhileTheFirmTakesLongerThanTheGrace_PrintsUnknownWithTheClientOrderIdInTime(int signal)
    {
        _sandbox.Apex.Latency = TimeSpan.FromSeconds(30);
        (RunningSample sample, ExecutionTask task) = await StartRouteAsync(graceSeconds: 1);
        using (sample)
        {
            await _sandbox.Apex.WaitForRequestsReceivedAsync(1).WaitAsync(SampleHostProcess.Patience);
            var stopping = Stopwatch.StartNew();
            sample.Signal(signal);
            ProcessOutcome outcome = await sample.WaitAsync(SampleHostProcess.Patience);
            stopping.Stop();

            ExecutionResult result = ExecutionJson.ParseResult(outcome.StandardOutput);
            ConnectorResult apex = result.For("APEX");
            Assert.Multiple(() =>
            {
                Assert.That(outcome.ExitCode, Is.Zero, outcome.StandardError);
                Assert.That(apex.Status, Is.EqualTo(ConnectorStatus.Unknown), "the order may be at the firm");
                Assert.That(apex.ClientOrderId, Is.EqualTo(ClientOrderIds.Create(task.Id, "APEX")), "the id to look it up by");
                Assert.That(apex.ErrorMessage, Does.Contain(apex.ClientOrderId));
                Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "bounded by the grace, not the firm's 30 s");
                Assert.That(outcome.StandardError, Does.Contain("interrupted"));
            });
        }
    }

    private async Task<(RunningSample Sample, ExecutionTask Task)> StartRouteAsync(int graceSeconds)
    {
        ExecutionTask task = Tasks.Create(Tasks.NewId("signal"), ["APEX"]);
        string taskFile = Path.Combine(_directory, "task.json");
        await File.WriteAllTextAsync(taskFile, task.ToString());
        var environment = new Dictionary<string, string>
        {
            ["EXECUTION_DRY_RUN"] = "false",
            ["APEX_ENABLED"] = "true",
            ["APEX_API_KEY"] = _sandbox.ApexKey,
            ["APEX_BASE_URL"] = _sandbox.Apex.BaseUrl.ToString(),
            ["PropConnectors__Firms__APEX__AcknowledgeAutomationPolicy"] = "true",
            ["APEX_TIMEOUT_SECONDS"] = "60",
            ["PropConnectors__Firms__APEX__AttemptTimeout"] = "00:00:50",
            ["PROPCONNECTORS_SHUTDOWN_GRACE_SECONDS"] = graceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return (SampleHostProcess.Start(["route", "--task", taskFile], environment), task);
    }
}
