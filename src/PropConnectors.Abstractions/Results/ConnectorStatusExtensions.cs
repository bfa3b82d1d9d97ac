namespace PropConnectors.Results;

/// <summary>The wire names of <see cref="ConnectorStatus"/> (CONTRACT §5), for logs, tags and messages.</summary>
public static class ConnectorStatusExtensions
{
    /// <summary>The status as it is written on the wire: <c>SUCCESS</c>, <c>FAILED</c>, <c>RETRY</c>, <c>SKIPPED</c> or <c>UNKNOWN</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireName(this ConnectorStatus status) => status switch
    {
        ConnectorStatus.Success => "SUCCESS",
        ConnectorStatus.Failed => "FAILED",
        ConnectorStatus.Retry => "RETRY",
        ConnectorStatus.Skipped => "SKIPPED",
        _ => "UNKNOWN",
    };
}
