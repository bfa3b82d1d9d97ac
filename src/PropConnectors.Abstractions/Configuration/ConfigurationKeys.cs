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

    /// <summary>The named accounts of one firm: <c>PropConnectors:Firms:{CODE}:Accounts</c>.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <returns>The section path.</returns>
    public static string AccountsSection(string firmCode) => $"{FirmSection(firmCode)}:Accounts";

    /// <summary>One named account: <c>PropConnectors:Firms:{CODE}:Accounts:{NAME}</c>.</summary>
    /// <param name="firmCode">The firm code.</param>
    /// <param name="account">The account's name.</param>
    /// <returns>The section path.</returns>
    public static string AccountSection(string firmCode, string account) => $"{AccountsSection(firmCode)}:{account}";

    /// <summary>The structured dry-run key: <c>PropConnectors:DryRun</c>.</summary>
    public const string DryRun = RootSection + ":DryRun";

    /// <summary>The flat dry-run variable of the original deployment: <c>EXECUTION_DRY_RUN</c>.</summary>
    public const string ExecutionDryRun = "EXECUTION_DRY_RUN";
}
