using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PropConnectors.Telemetry;

namespace PropConnectors.Configuration;

/// <summary>
/// One named account's settings (CONTRACT §11): its firm's options with <c>PropConnectors:Firms:{FIRM}:Accounts:{NAME}</c>
/// bound over a copy of them, so that the account inherits every setting it does not set. Made again whenever the firm's
/// options are (a configuration reload), never changed in place.
/// </summary>
internal sealed class AccountOptions(string firmCode, string account, IConfiguration configuration, ILogger logger)
{
    private static readonly System.Buffers.SearchValues<char> NameCharacters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private Snapshot? _current;

    public string Name { get; } = account;

    /// <summary>The account's options for the firm's current options.</summary>
    public PropFirmOptions For(PropFirmOptions firm)
    {
        Snapshot? current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Firm, firm))
        {
            return current.Account;
        }

        PropFirmOptions options = Bind(firm);
        Volatile.Write(ref _current, new Snapshot(firm, options));
        return options;
    }

    private PropFirmOptions Bind(PropFirmOptions firm)
    {
        PropFirmOptions options = firm.Copy();
        IConfigurationSection section = configuration.GetSection(ConfigurationKeys.AccountSection(firmCode, Name));
        if (section.GetSection(nameof(PropFirmOptions.SupportedSymbols)).Exists())
        {
            options.SupportedSymbols = null; // an account's list replaces its firm's (the binder would append to it)
        }

        int before = options.ConfigurationProblems.Count;
        SectionBinder.Bind(section, options);
        for (int i = before; i < options.ConfigurationProblems.Count; i++)
        {
            Log.FirmConfigurationProblem(logger, $"{firmCode}:{Name}", options.ConfigurationProblems[i]);
        }

        if (options.SupportedSymbols is not { Count: > 0 })
        {
            options.SupportedSymbols = firm.SupportedSymbols;
        }

        return options;
    }

    /// <summary>The account names configured for a firm, in configuration order.</summary>
    public static IReadOnlyList<string> Names(IConfiguration configuration, string firmCode) =>
        [.. configuration.GetSection(ConfigurationKeys.AccountsSection(firmCode)).GetChildren().Select(c => c.Key).Where(IsValidName)];

    /// <summary>An account name is 1 to 32 characters of letters, digits, <c>_</c> and <c>-</c>.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 32 } && !name.AsSpan().ContainsAnyExcept(NameCharacters);

    private sealed record Snapshot(PropFirmOptions Firm, PropFirmOptions Account);
}
