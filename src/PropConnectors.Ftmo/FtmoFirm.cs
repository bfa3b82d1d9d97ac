namespace PropConnectors.Ftmo;

/// <summary>FTMO: its firm code, name and defaults.</summary>
public static class FtmoFirm
{
    /// <summary>The firm code, <c>FTMO</c>; also the prefix of its flat variables (<c>FTMO_API_KEY</c>, ...).</summary>
    public const string Code = "FTMO";

    /// <summary>The default symbols: its forex pairs, metals and index CFDs (MetaTrader names such as <c>EURUSD</c>, <c>XAUUSD</c>, <c>US100.cash</c>). Replace them with <c>FTMO_SUPPORTED_SYMBOLS</c>.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } =
    [
        "EURUSD", "GBPUSD", "USDJPY", "USDCHF", "USDCAD", "AUDUSD", "NZDUSD", "EURGBP", "EURJPY", "GBPJPY", "EURCHF", "AUDJPY",
        "XAUUSD", "XAGUSD", "XPTUSD",
        "US30.cash", "US100.cash", "US500.cash", "GER40.cash", "UK100.cash", "JP225.cash", "EU50.cash", "FRA40.cash", "AUS200.cash",
        "US30", "US100", "US500", "GER40", "UK100", "JP225",
    ];

    /// <summary>The default largest quantity per order: 50 lots. Change it with <c>FTMO_MAX_POSITION_SIZE</c>.</summary>
    public const int DefaultMaxPositionSize = 50;

    /// <summary>The profile the connector is registered with.</summary>
    public static PropFirmProfile Profile { get; } = new(Code, "FTMO")
    {
        DefaultSymbols = DefaultSymbols,
        DefaultMaxPositionSize = DefaultMaxPositionSize,
        Rules = FtmoRules.TwoStep,
        Plans = FtmoRules.Plans,
        Instruments = FtmoInstruments.Instruments,
    };
}
