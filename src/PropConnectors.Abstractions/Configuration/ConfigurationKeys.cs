namespace PropConnectors.Configuration;

/// <summary>The configuration keys the SDK reads.</summary>
public static class ConfigurationKeys
{
    /// <summary>The root section: <c>PropConnectors</c>.</summary>
    public const string RootSection = "PropConnectors";

    /// <summary>The section of one firm: <c>PropConnectors:Firms:{CODE}</c>.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <returns>The section path.</returns>
    public static string FirmSection(string firmCode) => $"{RootSection}:Firms:{firmCode}";

    /// <summary>The structured dry-run key: <c>PropConnectors:DryRun</c>.</summary>
    public const string DryRun = RootSection + ":DryRun";

    /// <summary>The flat dry-run variable of the original deployment: <c>EXECUTION_DRY_RUN</c>.</summary>
    public const string ExecutionDryRun = "EXECUTION_DRY_RUN";
}
