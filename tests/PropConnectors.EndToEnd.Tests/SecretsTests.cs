using PropConnectors.EndToEnd.Tests.Support;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.SandboxFirm;

namespace PropConnectors.EndToEnd.Tests;

/// <summary>CONTRACT §9 end to end: an API key never reaches a result or a log line, even when the firm echoes it.</summary>
[TestFixture]
public sealed class SecretsTests
{
    private SandboxEnvironment _sandbox = null!;

    [SetUp]
    public async Task StartSandbox() => _sandbox = await SandboxEnvironment.StartAsync();

    [TearDown]
    public async Task StopSandbox() => await _sandbox.DisposeAsync();

    [Test]
    public async Task ExecuteAsync_FirmEchoesTheKeyInItsErrors_KeyInNoResultAndNoLogLine()
    {
        _sandbox.Ftmo.EnqueueFault(SandboxFault.Reject(422, $"key {_sandbox.FtmoKey} may not trade NQ"));
        _sandbox.Apex.EnqueueFault(SandboxFault.Reject(503, $"upstream refused Bearer {_sandbox.ApexKey}") with { Times = 100 });
        using RouterHost host = _sandbox.CreateHost(_sandbox.LiveSettings());

        ExecutionResult result = await host.RouteAsync(Tasks.Create(Tasks.NewId("echo"), ["FTMO", "APEX"]));

        Assert.Multiple(() =>
        {
            Assert.That(result.For("FTMO").ErrorCode, Is.EqualTo(ConnectorErrorCodes.OrderRejected));
            Assert.That(result.For("FTMO").ErrorMessage, Does.Contain("may not trade NQ"), "the firm's message is kept, minus the key");
            Assert.That(result.For("APEX").ErrorCode, Is.EqualTo(ConnectorErrorCodes.FirmUnavailable));
            Assert.That(host.LogLines, Is.Not.Empty);
        });
        host.AssertNoSecretIn(result.ToString(), string.Join('\n', result.ConnectorResults.Select(r => r.ToString())));
    }
}
