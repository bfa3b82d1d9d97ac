namespace PropConnectors;

/// <summary>
/// What distinguishes one firm from another when they speak the same protocol: its code, its name in
/// messages, and its defaults. A firm package is mostly one of these.
/// </summary>
public sealed record PropFirmProfile
{
    /// <summary>Creates a profile.</summary>
    /// <param name="code">The firm code; stored upper case.</param>
    /// <param name="displayName">The firm's name in messages.</param>
    /// <exception cref="ArgumentException">The code is empty or has characters other than letters, digits and <c>_</c>.</exception>
    public PropFirmProfile(string code, string displayName)
    {
        Code = FirmCodes.Normalize(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        DisplayName = displayName;
    }

    /// <summary>The firm code, upper case (for example <c>FTMO</c>); also the prefix of its flat variables.</summary>
    public string Code { get; }

    /// <summary>The firm's name in messages (for example <c>Apex Trader Funding</c>).</summary>
    public string DisplayName { get; }

    /// <summary>The symbols the firm trades when configuration names none.</summary>
    public IReadOnlyList<string> DefaultSymbols { get; init; } = [];

    /// <summary>The largest quantity per order when configuration names none; <see langword="null"/>: no limit.</summary>
    public decimal? DefaultMaxPositionSize { get; init; }

    /// <summary>The instruments the firm package ships (point value, tick, quantity step and minimum), by symbol, case-insensitive.</summary>
    public IReadOnlyDictionary<string, Instruments.Instrument> Instruments { get; init; } = new Dictionary<string, Instruments.Instrument>();

    /// <summary>The firm's rule defaults (CONTRACT §13); <see cref="Rules.FirmRules.None"/> by default.</summary>
    public Rules.FirmRules Rules { get; init; } = PropConnectors.Rules.FirmRules.None;

    /// <summary>Rule sets by plan name (case-insensitive), chosen by an account's <c>Plan</c>; a plan not listed keeps <see cref="Rules"/>.</summary>
    public IReadOnlyDictionary<string, Rules.FirmRules> Plans { get; init; } = new Dictionary<string, Rules.FirmRules>();
}
