namespace PropConnectors.Apex;

/// <summary>Apex Trader Funding: its firm code, name and defaults.</summary>
public static class ApexFirm
{
    /// <summary>The firm code, <c>APEX</c>; also the prefix of its flat variables (<c>APEX_API_KEY</c>, ...).</summary>
    public const string Code = "APEX";

    /// <summary>The default symbols: CME futures roots (<c>ES</c>, <c>NQ</c>, <c>MES</c>, <c>MNQ</c>, <c>YM</c>, <c>RTY</c>, <c>CL</c>, <c>GC</c>, ...). Replace them with <c>APEX_SUPPORTED_SYMBOLS</c>.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } =
    [
        "ES", "NQ", "YM", "RTY", "MES", "MNQ", "MYM", "M2K",
        "CL", "MCL", "NG", "GC", "MGC", "SI", "HG",
        "6E", "6B", "6J", "6A", "ZB", "ZN", "ZF",
    ];

    /// <summary>The default largest quantity per order: 20 contracts. Change it with <c>APEX_MAX_POSITION_SIZE</c>.</summary>
    public const int DefaultMaxPositionSize = 20;

    /// <summary>The profile the connector is registered with.</summary>
    public static PropFirmProfile Profile { get; } = new(Code, "Apex Trader Funding")
    {
        DefaultSymbols = DefaultSymbols,
        DefaultMaxPositionSize = DefaultMaxPositionSize,
        Rules = ApexRules.Default,
        Instruments = PropConnectors.Instruments.CmeFutures.Instruments,
    };
}
