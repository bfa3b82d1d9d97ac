using NUnit.Framework;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Testing;

/// <content>Cancellation by the host: the one exception that escapes (CONTRACT §5).</content>
public abstract partial class ConnectorConformanceTests
{
    /// <summary>CONTRACT §5: a token cancelled before the call throws <see cref="OperationCanceledException"/> and sends nothing.</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_TokenAlreadyCancelled_ThrowsOperationCanceledAndSendsNothing()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync().ConfigureAwait(false);

        Exception? thrown = await CatchAsync(() => connector.PlaceOrderAsync(order, cancellation.Token)).ConfigureAwait(false);

        Assert.That(thrown, Is.InstanceOf<OperationCanceledException>(), "CONTRACT §5: the host's cancellation propagates as OperationCanceledException.");
        Assert.That(Firm.OrderRequestsReceived, Is.Zero, "A call cancelled before it starts sends nothing.");
        AssertNoSecret();
    }

    /// <summary>CONTRACT §5: cancelling while the firm has not answered throws <see cref="OperationCanceledException"/> without waiting for the firm's answer (not a result).</summary>
    /// <returns>The test.</returns>
    [Test]
    public async Task PlaceOrderAsync_CancelledWhileFirmIsAnswering_ThrowsOperationCanceledPromptly()
    {
        BasePropConnector connector = CreateConnector();
        OrderRequest order = NewOrder(connector);
        Firm.Arrange(ConformanceScenario.SlowBeyondTimeout, int.MaxValue);
        using var cancellation = new CancellationTokenSource(ConformanceSettings.AttemptTimeout / 4);

        (Exception? thrown, TimeSpan elapsed) = await TimeAsync(() => CatchAsync(() => connector.PlaceOrderAsync(order, cancellation.Token))).ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown, Is.InstanceOf<OperationCanceledException>(), "CONTRACT §5: the host's cancellation propagates as OperationCanceledException, not as a result.");
            Assert.That(elapsed, Is.LessThan(ConformanceSettings.SlowAnswerDelay), $"Cancellation is honoured without waiting for the firm's answer; the call took {elapsed.TotalMilliseconds:0} ms.");
            Assert.That(Firm.OrdersHeld(order.ClientOrderId), Has.Count.LessThanOrEqualTo(1), "CONTRACT §4: an order is placed at most once.");
        }

        AssertNoSecret();
    }

    private async Task<Exception?> CatchAsync(Func<Task<ConnectorResult>> action)
    {
        try
        {
            ConnectorResult result = await action().ConfigureAwait(false);
            _results.Add(result);
            return null;
        }
#pragma warning disable CA1031 // The exception is what the test inspects.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _exceptions.Add(ex);
            return ex;
        }
    }
}
