using System.Collections.Frozen;
using PropConnectors.Configuration;
using PropConnectors.Placement;
using PropConnectors.Security;

namespace PropConnectors.Preflight;

/// <summary>
/// One firm's settings as a connector uses them, made once per options instance (a configuration reload replaces the
/// instance, it never changes it): the symbol set, whether the firm can take a live order, its secrets and its
/// placement policy.
/// </summary>
internal sealed class FirmSettings
{
    public FirmSettings(string firmCode, PropFirmOptions options, TimeProvider timeProvider)
    {
        Options = options;
        Symbols = (options.SupportedSymbols ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Problem = FirmReadiness.Check(firmCode, options);
        Secrets = new SecretSet(options.GetSecrets());
        Policy = new PlacementPolicy(firmCode, options, timeProvider);
    }

    public PropFirmOptions Options { get; }

    public FrozenSet<string> Symbols { get; }

    /// <summary>Why the firm cannot take a live order, or <see langword="null"/>.</summary>
    public string? Problem { get; }

    /// <summary>Every configured secret of the firm, masked wherever the SDK writes text .</summary>
    public SecretSet Secrets { get; }

    public PlacementPolicy Policy { get; }
}
