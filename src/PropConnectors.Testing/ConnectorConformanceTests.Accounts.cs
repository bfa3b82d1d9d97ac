using NUnit.Framework;
using PropConnectors.Accounts;
using PropConnectors.Orders;
using PropConnectors.Results;

namespace PropConnectors.Testing;

/// <content>CONTRACT §10 and §12: account reads, reduce-only closes and cancels of working orders.</content>
public abstract partial class ConnectorConformanceTests
{
    /// <summary>CONTRACT §12: the account read answers the firm's balance, equity and day-start balance.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Test]
    public async Task AccountState_IsWhatTheFirmHolds()
    {
        (BasePropConnector connector, IConformanceAccountFirm? firm) = AccountFirm(ConnectorCapabilities.AccountState, out bool supported);
        if (!supported)
        {
            await AssertUnsupportedAsync(connector, c => c.GetAccountStateAsync()).ConfigureAwait(false);
            return;
        }

        firm!.HoldAccount(50_000.5m, 50_400m);
        ConnectorRead<AccountState> read = await connector.GetAccountStateAsync().ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Status, Is.EqualTo(ConnectorStatus.Success), $"CONTRACT §12: the account read succeeds. {Redact(read.ErrorMessage ?? string.Empty)}");
            Assert.That(read.Value?.Balance, Is.EqualTo(50_000.5m), "CONTRACT §12: balance");
            Assert.That(read.Value?.Equity, Is.EqualTo(50_000.5m), "CONTRACT §12: equity (of a flat account: its balance)");
            Assert.That(read.Value?.DayStartBalance, Is.EqualTo(50_400m), "CONTRACT §12: day_start_balance");
        }
    }

    /// <summary>CONTRACT §12: the positions read lists every open position with its side and size.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Test]
    public async Task Positions_AreEveryPositionTheFirmHolds()
    {
        (BasePropConnector connector, IConformanceAccountFirm? firm) = AccountFirm(ConnectorCapabilities.Positions, out bool supported);
        if (!supported)
        {
            await AssertUnsupportedAsync(connector, c => c.GetPositionsAsync()).ConfigureAwait(false);
            return;
        }

        string[] symbols = TwoSymbols(connector);
        firm!.HoldPosition(symbols[0], PositionSide.Long, 2);
        firm!.HoldPosition(symbols[1], PositionSide.Short, 1);
        ConnectorRead<IReadOnlyList<Position>> read = await connector.GetPositionsAsync().ConfigureAwait(false);

        Assert.That(read.Status, Is.EqualTo(ConnectorStatus.Success), $"CONTRACT §12: the positions read succeeds. {Redact(read.ErrorMessage ?? string.Empty)}");
        Assert.That(
            read.Value!.Select(p => (p.Symbol.ToUpperInvariant(), p.Side, p.Quantity)),
            Is.EquivalentTo(new[] { (symbols[0].ToUpperInvariant(), PositionSide.Long, 2m), (symbols[1].ToUpperInvariant(), PositionSide.Short, 1m) }),
            "CONTRACT §12: every position, its side and its size; a position left out is one an exit or flatten forgets.");
    }

    /// <summary>CONTRACT §12 and §10: the working orders read lists the resting orders, and cancelling one by its id stops it.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Test]
    public async Task WorkingOrders_AreListed_AndCancelStopsThem()
    {
        (BasePropConnector connector, IConformanceAccountFirm? firm) = AccountFirm(ConnectorCapabilities.OpenOrders, out bool supported);
        if (!supported)
        {
            await AssertUnsupportedAsync(connector, c => c.GetOpenOrdersAsync()).ConfigureAwait(false);
            return;
        }

        string[] symbols = TwoSymbols(connector);
        string first = firm!.HoldWorkingOrder(symbols[0], OrderSide.Buy, 1);
        string second = firm!.HoldWorkingOrder(symbols[1], OrderSide.Sell, 2);
        ConnectorRead<IReadOnlyList<WorkingOrder>> read = await connector.GetOpenOrdersAsync().ConfigureAwait(false);
        ConnectorResult cancelled = await CallAsync("CancelOrderAsync", () => connector.CancelOrderAsync(first)).ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Status, Is.EqualTo(ConnectorStatus.Success), $"CONTRACT §12: the working orders read succeeds. {Redact(read.ErrorMessage ?? string.Empty)}");
            Assert.That(read.Value?.Select(o => o.OrderId), Is.EquivalentTo(new[] { first, second }), "CONTRACT §12: every working order, by the firm's id");
            Assert.That(cancelled.Status, Is.EqualTo(ConnectorStatus.Success), Because("CONTRACT §10: a working order is cancelled by its id", cancelled));
            Assert.That(firm!.IsWorking(first), Is.False, "the cancelled order no longer works");
            Assert.That(firm!.IsWorking(second), Is.True, "the other order still works");
        }
    }

    /// <summary>CONTRACT §10: a close is a reduce-only order, and the firm holds it as one.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Test]
    public async Task ReduceOnlyClose_ReachesTheFirmAsReduceOnly()
    {
        (BasePropConnector connector, IConformanceAccountFirm? firm) = AccountFirm(ConnectorCapabilities.ReduceOnlyOrders, out bool supported);
        OrderRequest close = NewOrder(connector) with { Side = OrderSide.Sell, ReduceOnly = true };
        if (!supported)
        {
            ConnectorResult refused = await PlaceAsync(connector, close).ConfigureAwait(false);
            AssertResult(refused, connector, ConnectorStatus.Failed, ConnectorErrorCodes.NotSupported, "A connector without reduce-only orders refuses a close");
            AssertOrderRequests(close, 0, "A refused close sends nothing");
            return;
        }

        firm!.HoldPosition(close.Symbol, PositionSide.Long, close.Quantity);
        ConnectorResult result = await PlaceAsync(connector, close).ConfigureAwait(false);

        AssertResult(result, connector, ConnectorStatus.Success, null, "CONTRACT §10: a close of an open position succeeds");
        Assert.That(firm!.IsReduceOnly(close.ClientOrderId!), Is.True, "CONTRACT §10: the order payload of a close carries reduce_only (or the protocol's equivalent).");
    }

    /// <summary>CONTRACT §12 and §9: a read the firm cannot answer is not a success, has an error code, and leaks no key.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Test]
    public async Task Reads_FirmUnavailable_AreNotASuccess()
    {
        (BasePropConnector connector, IConformanceAccountFirm? firm) = AccountFirm(ConnectorCapabilities.Positions, out bool supported);
        if (!supported)
        {
            Assert.Ignore($"{connector.FirmCode}'s connector reads no positions.");
        }

        firm!.FailReads();
        ConnectorRead<IReadOnlyList<Position>> read = await connector.GetPositionsAsync().ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Status, Is.AnyOf(ConnectorStatus.Retry, ConnectorStatus.Failed), "CONTRACT §12: a read that failed is RETRY or FAILED, never a success with nothing in it");
            Assert.That(read.Value, Is.Null, "a failed read carries no value");
            Assert.That(read.ErrorCode, Is.Not.Null.And.Not.Empty, "a failed read has an error code");
            Assert.That(read.ErrorMessage ?? string.Empty, Does.Not.Contain(Firm.ApiKey), "CONTRACT §9: no key in a read's message");
        }
    }

    /// <summary>CONTRACT §13: under the dry-run gate nothing is sent to a firm, reads included.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Test]
    public async Task Reads_UnderDryRun_SendNothing()
    {
        BasePropConnector connector = CreateConnector(live: false);
        ConnectorRead<AccountState> account = await connector.GetAccountStateAsync().ConfigureAwait(false);
        ConnectorRead<IReadOnlyList<Position>> positions = await connector.GetPositionsAsync().ConfigureAwait(false);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Status, Is.EqualTo(ConnectorStatus.Skipped), "CONTRACT §13: a read under the dry-run gate is SKIPPED");
            Assert.That(positions.Status, Is.EqualTo(ConnectorStatus.Skipped), "CONTRACT §13: a read under the dry-run gate is SKIPPED");
            if (Firm is IConformanceAccountFirm firm)
            {
                Assert.That(firm.ReadRequestsReceived, Is.Zero, "CONTRACT §13: nothing is sent under the dry-run gate, reads included");
            }
        }
    }

    // The firm's account when the connector has the capability; the scenario is ignored when the firm cannot hold one.
    private (BasePropConnector Connector, IConformanceAccountFirm? Firm) AccountFirm(ConnectorCapabilities needed, out bool supported)
    {
        BasePropConnector connector = CreateConnector();
        supported = connector.Capabilities.HasFlag(needed);
        if (supported && Firm is not IConformanceAccountFirm)
        {
            Assert.Ignore($"The conformance firm does not implement IConformanceAccountFirm, so {connector.FirmCode}'s {needed} cannot be checked.");
        }

        return (connector, Firm as IConformanceAccountFirm);
    }

    private static async Task AssertUnsupportedAsync<T>(BasePropConnector connector, Func<BasePropConnector, Task<ConnectorRead<T>>> read)
        where T : class
    {
        ConnectorRead<T> result = await read(connector).ConfigureAwait(false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(ConnectorStatus.Failed), "A read the connector cannot do fails closed");
            Assert.That(result.ErrorCode, Is.EqualTo(ConnectorErrorCodes.NotSupported), "A read the connector cannot do is NOT_SUPPORTED");
        }
    }

    private static string[] TwoSymbols(BasePropConnector connector)
    {
        string[] symbols = [.. (connector.Options.SupportedSymbols ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Take(2)];
        Assert.That(symbols, Has.Length.EqualTo(2), $"{connector.FirmCode} needs two supported symbols for the account scenarios.");
        return symbols;
    }
}
