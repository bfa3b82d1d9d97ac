using Microsoft.Extensions.Logging;
using PropConnectors.Accounts;
using PropConnectors.Preflight;
using PropConnectors.Results;
using PropConnectors.Telemetry;

namespace PropConnectors.Operations;

/// <summary>
/// The reads of CONTRACT §12 (account state, positions, working orders) with the same guards as every connector call: an
/// unconfigured firm answers <see cref="ConnectorErrorCodes.ConnectorNotConfigured"/>, the dry-run gate sends nothing, the
/// firm's time budget bounds the call, and a connector that throws answers <see cref="ConnectorErrorCodes.ConnectorError"/>.
/// </summary>
internal static class ConnectorReads
{
    public static async Task<ConnectorRead<T>> RunAsync<T>(
        BasePropConnector connector,
        ConnectorOperation operation,
        string what,
        Func<BasePropConnector, CancellationToken, ValueTask<FirmRead<T>>> read,
        CancellationToken cancellationToken)
        where T : class
    {
        FirmSettings settings = connector.Settings;
        if (settings.Problem is { } problem)
        {
            return Failure(ConnectorStatus.Failed, ConnectorErrorCodes.ConnectorNotConfigured, problem);
        }

        if (connector.GlobalDryRun)
        {
            return Failure(ConnectorStatus.Skipped, ConnectorErrorCodes.GlobalDryRunEnabled, $"Dry-run is on: {what} of {connector.DisplayName} was not read (nothing is sent to a firm, reads included).");
        }

        using var budget = new CancellationTokenSource(settings.Policy.Timeout, connector.ContextTimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            FirmRead<T> answer = await read(connector, linked.Token).ConfigureAwait(false);
            return answer switch
            {
                { Reply.Kind: FirmReplyKind.Accepted, Value: { } value } => ConnectorRead<T>.Of(connector, value),
                { Reply.Kind: FirmReplyKind.Accepted } => Failure(ConnectorStatus.Failed, ConnectorErrorCodes.InvalidResponse, $"{connector.DisplayName} answered with {what} that could not be read."),
                { Reply.ErrorCode: ConnectorErrorCodes.NotSupported } => Failure(ConnectorStatus.Failed, ConnectorErrorCodes.NotSupported, $"The {connector.DisplayName} connector cannot read {what}."),
                _ => ConnectorRead<T>.From(ResultWording.Reply(connector, operation, answer.Reply, clientOrderId: null, attempts: 0, ambiguousIsUnknown: false), connector.Account),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Failure(ConnectorStatus.Retry, ConnectorErrorCodes.Timeout, $"{connector.DisplayName} did not answer with {what} within {settings.Policy.Timeout.TotalSeconds:0.###} s.");
        }
#pragma warning disable CA1031 // No exception may escape into the host (CONTRACT §5).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            string message = settings.Secrets.MaskText(ex.Message) ?? string.Empty;
            Log.ConnectorThrew(connector.ConnectorLogger, ConnectorOperations.Name(operation), connector.FirmCode, ex.GetType().FullName ?? ex.GetType().Name, message);
            return Failure(ConnectorStatus.Failed, ConnectorErrorCodes.ConnectorError, $"{connector.DisplayName} connector failed unexpectedly reading {what} ({ex.GetType().Name}): {message}");
        }

        ConnectorRead<T> Failure(ConnectorStatus status, string code, string message) =>
            new() { FirmCode = connector.FirmCode, Account = connector.Account, Status = status, ErrorCode = code, ErrorMessage = settings.Secrets.MaskText(message) };
    }
}
