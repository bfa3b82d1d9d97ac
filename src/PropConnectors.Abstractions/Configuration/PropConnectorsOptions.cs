using PropConnectors.Results;

namespace PropConnectors.Configuration;

/// <summary>
/// Settings that apply to every firm. Bound from the <c>PropConnectors</c> configuration section and
/// from <c>EXECUTION_DRY_RUN</c> (CONTRACT §8).
/// </summary>
public sealed class PropConnectorsOptions
{
    /// <summary>
    /// The global dry-run gate. <see langword="true"/> (the default): no connector sends anything; every
    /// order answers <see cref="ConnectorStatus.Skipped"/> with <see cref="ConnectorErrorCodes.GlobalDryRunEnabled"/>.
    /// </summary>
    /// <remarks>
    /// Live mode needs an explicit "off": <c>EXECUTION_DRY_RUN=false</c> (or <c>0</c>, <c>no</c>, <c>off</c>),
    /// <c>PropConnectors:DryRun=false</c>, or <c>DryRun = false</c> in code. When a configuration value is
    /// present it decides; if either configuration value says "on", or is not recognised, the gate stays on.
    /// </remarks>
    public bool DryRun { get; set; } = true;
}
