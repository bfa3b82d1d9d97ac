namespace PropConnectors.Topstep;

/// <summary>Topstep: its firm code, name and defaults.</summary>
public static class TopstepFirm
{
    /// <summary>The firm code, <c>TOPSTEP</c>; also the prefix of its flat variables (<c>TOPSTEP_API_KEY</c>, ...).</summary>
    public const string Code = "TOPSTEP";

    /// <summary>The default symbols: the CME futures roots of the SDK's table. Replace them with <c>TOPSTEP_SUPPORTED_SYMBOLS</c>.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } = [.. PropConnectors.Instruments.CmeFutures.Instruments.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The profile the connector is registered with.</summary>
    public static PropFirmProfile Profile { get; } = new(Code, "Topstep")
    {
        DefaultSymbols = DefaultSymbols,
        Instruments = PropConnectors.Instruments.CmeFutures.Instruments,
        Rules = TopstepRules.TradingCombine,
    };
}
