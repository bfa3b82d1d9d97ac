using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>Firms of one task run concurrently and in isolation (CONTRACT §6, §7); the host's token cancels (§5).</summary>
[TestFixture]
public sealed class ConcurrencyTests
{
    private SandboxEnvironment _sandbox = null!;

    [SetUp]
    public async Task StartSandbox() => _sandbox = await SandboxEnvironment.StartAsync();

    [TearDown]
    public async Task StopSandbox() => await _sandbox.DisposeAsync();

    [Test]
    public async Task ExecuteAsync_FtmoUnavailableApexHealthy_ApexSucceedsUnaffected()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Status(503) with { Times = 100 });
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("iso503"), ["FTMO", "APEX"]));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Retry));
            Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("APEX").Attempts, Is.EqualTo(1));
            Assert.That(result.For("APEX").ErrorCode, Is.Null);
            Assert.That(_sandbox.Apex.Requests.Select(r => (r.Method, r.StatusCode)), Is.EqualTo(new[] { ("POST", (int?)201) }));
            Assert.That(_sandbox.Apex.Orders, Has.Count.EqualTo(1));
            Assert.That(result.Routed, Is.True);
            Assert.That(result.Details, Is.EqualTo("routed to 1 of 2 firms: FTMO RETRY (FIRM_UNAVAILABLE), APEX SUCCESS"));
        });
    }

    [Test]
    public async Task ExecuteAsync_FtmoSlowApexHealthy_ApexAnsweredWhileFtmoStillWaiting()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Delay(TimeSpan.FromSeconds(20)));
        Dictionary<string, string?> settings = _sandbox.LiveSettings();
        settings["PropConnectors:Firms:FTMO:AttemptTimeout"] = "00:00:02"; // the window in which APEX must be answered
        using RouterHost host = _sandbox.CreateHost(settings);

        Task<ExecutionResult> routing = host.RouteAsync(Tasks.Create(Tasks.NewId("isoslow"), ["FTMO", "APEX"]));
        await _sandbox.Ftmo.WaitForRequestsReceivedAsync(1).WaitAsync(RouterHost.Patience);
        await _sandbox.Apex.WaitForRequestsAsync(1).WaitAsync(RouterHost.Patience);
        int ftmoAnsweredWhenApexWas = _sandbox.Ftmo.Requests.Count;
        ExecutionResult result = await routing;

        Assert.Multiple(() =>
        {
            Assert.That(ftmoAnsweredWhenApexWas, Is.Zero, "APEX was answered while FTMO's first request was still waiting");
            Assert.That(result.For("APEX").Status, Is.EqualTo(ConnectorStatus.Success));
            Assert.That(result.For("APEX").Attempts, Is.EqualTo(1));
            Assert.That(result.For("FTMO").Status, Is.EqualTo(ConnectorStatus.Success), "FTMO: timeout, lookup (absent), re-send");
            Assert.That(result.For("FTMO").Attempts, Is.EqualTo(2));
            Assert.That(_sandbox.Ftmo.Orders, Has.Count.EqualTo(1));
            Assert.That(_sandbox.Apex.Orders, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task ExecuteAsync_BothFirmsWithLatency_BothRequestsInFlightAtOnce()
    {
        _sandbox.Ftmo.Latency = TimeSpan.FromSeconds(1);
        _sandbox.Apex.Latency = TimeSpan.FromSeconds(1);
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        Task<ExecutionResult> routing = host.RouteAsync(Tasks.Create(Tasks.NewId("both"), ["FTMO", "APEX"]));
        await Task.WhenAll(_sandbox.Ftmo.WaitForRequestsReceivedAsync(1), _sandbox.Apex.WaitForRequestsReceivedAsync(1)).WaitAsync(RouterHost.Patience);

        // Both firms have received their POST and neither has answered yet (the log is written just before an answer):
        // routed one after the other, the second request could only arrive after the first was answered.
        int answeredWhenBothArrived = _sandbox.Ftmo.Requests.Count + _sandbox.Apex.Requests.Count;
        bool routingDoneWhenBothArrived = routing.IsCompleted;
        ExecutionResult result = await routing;

        Assert.Multiple(() =>
        {
            Assert.That(answeredWhenBothArrived, Is.Zero);
            Assert.That(routingDoneWhenBothArrived, Is.False);
            Assert.That(result.ConnectorResults.Select(r => r.Status), Has.All.EqualTo(ConnectorStatus.Success));
            Assert.That(_sandbox.Ftmo.Requests, Has.Count.EqualTo(1));
            Assert.That(_sandbox.Apex.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task ExecuteAsync_HostCancelsWhileFirmDelays_ThrowsOperationCanceledWithoutHanging()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Delay(TimeSpan.FromSeconds(60)));
        _sandbox.Apex.EnqueueFault(SandboxFault.Delay(TimeSpan.FromSeconds(60)));
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());
        using var cancellation = new CancellationTokenSource();

        Task<ExecutionResult> routing = host.Router.ExecuteAsync(Tasks.Create(Tasks.NewId("cancel"), ["FTMO", "APEX"]), cancellation.Token);
        await Task.WhenAll(_sandbox.Ftmo.WaitForRequestsReceivedAsync(1), _sandbox.Apex.WaitForRequestsReceivedAsync(1)).WaitAsync(RouterHost.Patience);
        await cancellation.CancelAsync();

        // Well inside the default 10 s attempt timeout: only the cancellation can end the call this soon.
        Assert.That(async () => await routing.WaitAsync(TimeSpan.FromSeconds(5)), Throws.InstanceOf<OperationCanceledException>());
        await Task.WhenAll(_sandbox.Ftmo.WaitForRequestsAsync(1), _sandbox.Apex.WaitForRequestsAsync(1)).WaitAsync(RouterHost.Patience);
        Assert.Multiple(() =>
        {
            Assert.That(_sandbox.Ftmo.Requests.Single().ClientAborted, Is.True, "the firm saw the request go away");
            Assert.That(_sandbox.Apex.Requests.Single().ClientAborted, Is.True);
            Assert.That(_sandbox.Ftmo.Orders, Is.Empty);
            Assert.That(_sandbox.Apex.Orders, Is.Empty);
        });
    }

    [Test]
    public async Task ExecuteAsync_TokenAlreadyCancelled_ThrowsWithNoRequest()
    {
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        Assert.That(
            async () => await host.Router.ExecuteAsync(Tasks.Create(Tasks.NewId("pre"), ["FTMO", "APEX"]), new CancellationToken(canceled: true)),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.Multiple(() =>
        {
            Assert.That(_sandbox.Ftmo.Requests, Is.Empty);
            Assert.That(_sandbox.Apex.Requests, Is.Empty);
        });
    }
}
