using PropConnectors.Accounts;
using PropConnectors.Orders;
using PropConnectors.Results;
using PropConnectors.Routing.Events;
using PropConnectors.Routing.Payload;
using PropConnectors.Routing.Rules;

namespace PropConnectors.Routing.Execution;

/// <summary>
/// One task at one account: what its event does there (CONTRACT §10) — an entry's order (sized from risk when it has no
/// quantity, §14), or an exit's, flatten's or cancel's closes and cancels — with the account's reads made once (§12).
/// </summary>
internal sealed class AccountRoute(ExecutionTask task, TaskPayload payload, BasePropConnector connector, PlacementOptions placement, AccountRules rules, CancellationToken cancellationToken)
{
    public ExecutionTask Task { get; } = task;

    public TaskPayload Payload { get; } = payload;

    public BasePropConnector Connector { get; } = connector;

    public PlacementOptions Placement { get; } = placement;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The kill switch and the highest balances the rules read.</summary>
    public AccountRules Rules { get; } = rules;

    public AccountReads Reads { get; } = new(connector, cancellationToken);

    public bool DryRun => Placement.Preview;

    /// <summary>The client order id of this task's entry at this account.</summary>
    public string EntryClientOrderId { get; } = ClientOrderIds.Create(task.Id, connector.FirmCode, connector.Account);

    public Task<ConnectorResult> RunAsync() => Payload.Event switch
    {
        TaskEvent.Exit => CloseEvents.ExitAsync(this),
        TaskEvent.Flatten => CloseEvents.FlattenAsync(this),
        TaskEvent.Cancel => CloseEvents.CancelAsync(this),
        _ => EntryEvent.RunAsync(this),
    };

    /// <summary>A result of this account that the router makes itself (the connector was not asked).</summary>
    public ConnectorResult Failed(string code, string message, string? clientOrderId = null) =>
        ConnectorResult.Failed(Connector.FirmCode, code, message, clientOrderId) with { Account = Connector.Account };

    /// <summary>Nothing is sent under the dry-run gate, reads included: what live mode would do.</summary>
    public ConnectorResult Preview(string wouldDo, string? clientOrderId = null) =>
        ConnectorResult.Skipped(Connector.FirmCode, $"Dry-run is on: nothing was sent to {Connector.DisplayName}. In live mode this task would {wouldDo}.", clientOrderId) with { Account = Connector.Account };

    /// <summary>
    /// A read the task needs did not succeed: nothing is sent (fail closed). An unconfigured firm says so; a read that may
    /// succeed later is <paramref name="retryable"/> (an exit's positions: RETRY); otherwise FAILED.
    /// </summary>
    public ConnectorResult ReadFailed<T>(ConnectorRead<T> read, string what, bool retryable, string? clientOrderId = null)
        where T : class
    {
        if (read.ErrorCode is ConnectorErrorCodes.ConnectorNotConfigured or ConnectorErrorCodes.GlobalDryRunEnabled)
        {
            return ConnectorResult.Failed(Connector.FirmCode, read.ErrorCode, read.ErrorMessage ?? what, clientOrderId) with { Account = Connector.Account, Status = read.Status };
        }

        string message = $"{what} of {Connector.DisplayName} could not be read ({read.ErrorCode}: {read.ErrorMessage}); nothing was sent.";
        ConnectorResult result = ConnectorResult.Failed(Connector.FirmCode, ConnectorErrorCodes.AccountStateUnavailable, message, clientOrderId) with { Account = Connector.Account };
        return retryable && read.ErrorCode != ConnectorErrorCodes.NotSupported ? result with { Status = ConnectorStatus.Retry } : result;
    }
}
