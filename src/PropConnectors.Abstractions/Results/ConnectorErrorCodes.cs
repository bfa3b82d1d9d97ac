namespace PropConnectors.Results;

/// <summary>The machine-readable error codes of CONTRACT §5. Every non-success result carries one.</summary>
public static class ConnectorErrorCodes
{
    /// <summary>The global dry-run gate is on: nothing was sent.</summary>
    public const string GlobalDryRunEnabled = "GLOBAL_DRY_RUN_ENABLED";

    /// <summary>The firm is disabled, or its API key or base URL is missing or unusable.</summary>
    public const string ConnectorNotConfigured = "CONNECTOR_NOT_CONFIGURED";

    /// <summary>No registered connector has this firm code.</summary>
    public const string UnknownFirm = "UNKNOWN_FIRM";

    /// <summary>The firm does not trade this symbol.</summary>
    public const string UnsupportedSymbol = "UNSUPPORTED_SYMBOL";

    /// <summary>The order is invalid (no symbol, no side, quantity not positive or not finite, a priced order type without a price, a malformed order id).</summary>
    public const string InvalidOrder = "INVALID_ORDER";

    /// <summary>The quantity is above the firm's maximum position size.</summary>
    public const string PositionLimitExceeded = "POSITION_LIMIT_EXCEEDED";

    /// <summary>The firm refused the API key (401 or 403).</summary>
    public const string AuthFailed = "AUTH_FAILED";

    /// <summary>The firm rejected the request (a 4xx other than 401, 403 and 429).</summary>
    public const string OrderRejected = "ORDER_REJECTED";

    /// <summary>The firm does not know the order (404 on status or cancel).</summary>
    public const string OrderNotFound = "ORDER_NOT_FOUND";

    /// <summary>The firm kept answering 429 until the retry budget ran out.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>The firm kept answering 5xx (or its circuit is open) until the retry budget ran out.</summary>
    public const string FirmUnavailable = "FIRM_UNAVAILABLE";

    /// <summary>No answer within the timeout.</summary>
    public const string Timeout = "TIMEOUT";

    /// <summary>The connection could not be made or was lost.</summary>
    public const string NetworkError = "NETWORK_ERROR";

    /// <summary>A 2xx answer whose body is not the expected JSON.</summary>
    public const string InvalidResponse = "INVALID_RESPONSE";

    /// <summary>An unexpected exception inside the connector (a bug): the result carries its type and a redacted message.</summary>
    public const string ConnectorError = "CONNECTOR_ERROR";

    /// <summary>The connector cannot do what was asked (a read or order kind its <see cref="BasePropConnector.Capabilities"/> lack).</summary>
    public const string NotSupported = "NOT_SUPPORTED";

    /// <summary>The account state or positions a task needs could not be read: nothing was sent (CONTRACT §12).</summary>
    public const string AccountStateUnavailable = "ACCOUNT_STATE_UNAVAILABLE";

    /// <summary>An <c>EXIT</c> found no open position in the symbol: nothing to close, nothing sent (CONTRACT §10).</summary>
    public const string NoPosition = "NO_POSITION";

    /// <summary>The kill switch refuses the order (CONTRACT §13 rule 1): <c>REDUCE_ONLY</c> refuses entries, <c>HALTED</c> entries and exits.</summary>
    public const string KillSwitch = "KILL_SWITCH";

    /// <summary>The firm prohibits or restricts automated trading and the host has not acknowledged it (rule 2).</summary>
    public const string AutomationNotAcknowledged = "AUTOMATION_NOT_ACKNOWLEDGED";

    /// <summary>An entry outside the account's trading windows (rule 3).</summary>
    public const string OutsideTradingHours = "OUTSIDE_TRADING_HOURS";

    /// <summary>An entry without a stop loss where one is required (rule 4).</summary>
    public const string StopLossRequired = "STOP_LOSS_REQUIRED";

    /// <summary>An entry opposite to an open position in the same or a twin symbol (rule 6).</summary>
    public const string HedgingNotAllowed = "HEDGING_NOT_ALLOWED";

    /// <summary>Equity is at or below the daily loss floor (rule 7).</summary>
    public const string DailyLossLimit = "DAILY_LOSS_LIMIT";

    /// <summary>Equity is at or below the maximum loss floor (rule 8).</summary>
    public const string MaxLossLimit = "MAX_LOSS_LIMIT";

    /// <summary>The order's loss at its stop would take equity to a loss floor, or a sized order sizes below its minimum (rule 9, §14).</summary>
    public const string RiskExceedsHeadroom = "RISK_EXCEEDS_HEADROOM";
}
