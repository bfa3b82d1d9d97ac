using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PropConnectors.Operations;
using PropConnectors.Results;
using PropConnectors.Security;

namespace PropConnectors.Telemetry;

/// <summary>
/// The telemetry of one connector call, and the last thing a result passes before it leaves the connector: its
/// duration is set, every secret masked (<see cref="SecretSet"/>), and the metrics, the span and the log line recorded.
/// </summary>
internal sealed class ConnectorCall : IDisposable
{
    private readonly BasePropConnector _connector;
    private readonly ConnectorOperation _operation;
    private readonly bool _reportedByCaller;
    private readonly long _started;
    private readonly Activity? _activity;

    public ConnectorCall(BasePropConnector connector, ConnectorOperation operation, bool reportedByCaller)
    {
        _connector = connector;
        _operation = operation;
        _reportedByCaller = reportedByCaller;
        _started = connector.ContextTimeProvider.GetTimestamp();
        _activity = PropConnectorsTelemetry.ActivitySource.StartActivity("PropConnectors " + ConnectorOperations.Name(operation), ActivityKind.Client);
        _activity?.SetTag("propconnectors.firm", connector.FirmCode);
    }

    public ConnectorResult Finish(ConnectorResult result)
    {
        SecretSet secrets = _connector.Settings.Secrets;
        result = result with
        {
            Duration = _connector.ContextTimeProvider.GetElapsedTime(_started),
            ErrorMessage = secrets.MaskText(result.ErrorMessage),
            RawResponseUtf8 = secrets.MaskJson(result.RawResponseUtf8),
            RawRequest = Masked(result.RawRequest, secrets),
        };

        string firm = _connector.FirmCode;
        string status = result.Status.ToWireName();
        string operation = ConnectorOperations.Name(_operation);
        PropConnectorsTelemetry.Calls.Add(1, new("firm", firm), new("operation", operation), new("status", status));
        if (_operation == ConnectorOperation.PlaceOrder)
        {
            PropConnectorsTelemetry.Orders.Add(1, new("firm", firm), new("status", status), new("error_code", result.ErrorCode ?? string.Empty));
            PropConnectorsTelemetry.OrderDuration.Record(result.Duration.TotalSeconds, new("firm", firm), new("status", status));
        }

        PropConnectorsTelemetry.TagResult(_activity, result);
        LogLevel level = _reportedByCaller && result.Status is ConnectorStatus.Success or ConnectorStatus.Skipped ? LogLevel.Debug : LogLevel.Information;
        Log.CallCompleted(_connector.ConnectorLogger, level, operation, firm, status, result.ErrorCode ?? "-", result.ClientOrderId ?? "-", result.ExternalOrderId ?? "-", result.Attempts, result.Duration.TotalMilliseconds);
        return result;
    }

    private static RawRequest? Masked(RawRequest? request, SecretSet secrets)
    {
        if (request is null)
        {
            return null;
        }

        string url = secrets.MaskText(request.Url)!;
        ReadOnlyMemory<byte> body = secrets.MaskJson(request.BodyUtf8);
        return ReferenceEquals(url, request.Url) && body.Equals(request.BodyUtf8) ? request : request with { Url = url, BodyUtf8 = body };
    }

    public void Cancelled() => _activity?.SetStatus(ActivityStatusCode.Error, "cancelled");

    public void Dispose() => _activity?.Dispose();
}
