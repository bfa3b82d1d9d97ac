using PropConnectors.Instruments;

namespace PropConnectors.Ftmo;

/// <summary>
/// FTMO's CFDs in lots of 0.01 (CONTRACT §11). FX pairs quoted in USD are 100,000 units a lot (EURUSD: 100,000 USD per
/// 1.0000 of price); gold 100 oz and silver 5,000 oz a lot; the US index CFDs 1 USD per point a lot. Pairs quoted in
/// another currency (USDJPY, EURGBP, ...) and the non-US indices are left out: their point value is not in USD, and a
/// sized order would be wrong by the exchange rate. Configure <c>Instruments:{SYMBOL}</c> to size them. The index
/// figures are secondary (FTMO's symbol specifications), not checked against a live account.
/// </summary>
public static class FtmoInstruments
{
    /// <summary>The table, by FTMO's symbol, case-insensitive.</summary>
    public static IReadOnlyDictionary<string, Instrument> Instruments { get; } = new Dictionary<string, Instrument>(StringComparer.OrdinalIgnoreCase)
    {
        ["EURUSD"] = Instrument.Cfd(100_000m, 0.00001m),
        ["GBPUSD"] = Instrument.Cfd(100_000m, 0.00001m),
        ["AUDUSD"] = Instrument.Cfd(100_000m, 0.00001m),
        ["NZDUSD"] = Instrument.Cfd(100_000m, 0.00001m),
        ["XAUUSD"] = Instrument.Cfd(100m, 0.01m),
        ["XAGUSD"] = Instrument.Cfd(5_000m, 0.001m),
        ["US30.cash"] = Instrument.Cfd(1m, 0.01m),
        ["US100.cash"] = Instrument.Cfd(1m, 0.01m),
        ["US500.cash"] = Instrument.Cfd(1m, 0.01m),
    };
}
