namespace PropConnectors.Samples.AcmeConnector;

/// <summary>Acme Prop: its firm code, name and defaults.</summary>
public static class AcmeFirm
{
    /// <summary>The firm code, <c>ACME</c>; also the prefix of its flat variables (<c>ACME_API_KEY</c>, <c>ACME_BASE_URL</c>, ...).</summary>
    public const string Code = "ACME";

    /// <summary>The firm's name in messages.</summary>
    public const string DisplayName = "Acme Prop";

    /// <summary>The default largest quantity per order: 10 contracts. Change it with <c>ACME_MAX_POSITION_SIZE</c>.</summary>
    public const int DefaultMaxPositionSize = 10;

    /// <summary>The default symbols: CME index and metals futures roots. Replace them with <c>ACME_SUPPORTED_SYMBOLS</c>.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } = ["NQ", "ES", "YM", "RTY", "MNQ", "MES", "GC", "MGC", "CL"];

    /// <summary>The profile the connector is registered with.</summary>
    public static PropFirmProfile Profile { get; } = new(Code, DisplayName)
    {
        DefaultSymbols = DefaultSymbols,
        DefaultMaxPositionSize = DefaultMaxPositionSize,
    };
}
