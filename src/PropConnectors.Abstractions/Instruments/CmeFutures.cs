namespace PropConnectors.Instruments;

/// <summary>
/// CME Group futures by root symbol, as the exchange specifies them (USD per point per contract, tick), in whole contracts:
/// the instruments of the futures firms (Apex, Topstep). The twelve of CONTRACT §11 (NQ 20, MNQ 2, ES 50, MES 5, YM 5,
/// MYM 0.5, RTY 50, M2K 5, CL 1000, MCL 100, GC 100, MGC 10) and the other roots the firm packages list.
/// </summary>
public static class CmeFutures
{
    /// <summary>The table, by root symbol, case-insensitive.</summary>
    public static IReadOnlyDictionary<string, Instrument> Instruments { get; } = new Dictionary<string, Instrument>(StringComparer.OrdinalIgnoreCase)
    {
        ["NQ"] = Instrument.Future(20m, 0.25m),
        ["MNQ"] = Instrument.Future(2m, 0.25m),
        ["ES"] = Instrument.Future(50m, 0.25m),
        ["MES"] = Instrument.Future(5m, 0.25m),
        ["YM"] = Instrument.Future(5m, 1m),
        ["MYM"] = Instrument.Future(0.5m, 1m),
        ["RTY"] = Instrument.Future(50m, 0.1m),
        ["M2K"] = Instrument.Future(5m, 0.1m),
        ["CL"] = Instrument.Future(1000m, 0.01m),
        ["MCL"] = Instrument.Future(100m, 0.01m),
        ["GC"] = Instrument.Future(100m, 0.1m),
        ["MGC"] = Instrument.Future(10m, 0.1m),
        ["NG"] = Instrument.Future(10_000m, 0.001m),
        ["SI"] = Instrument.Future(5_000m, 0.005m),
        ["HG"] = Instrument.Future(25_000m, 0.0005m),
        ["6E"] = Instrument.Future(125_000m, 0.00005m),
        ["6B"] = Instrument.Future(62_500m, 0.0001m),
        ["6J"] = Instrument.Future(12_500_000m, 0.0000005m),
        ["6A"] = Instrument.Future(100_000m, 0.00005m),
        ["ZB"] = Instrument.Future(1_000m, 0.03125m),
        ["ZN"] = Instrument.Future(1_000m, 0.015625m),
        ["ZF"] = Instrument.Future(1_000m, 0.0078125m),
    };

    /// <summary>The mini/micro twins (NQ/MNQ, ES/MES, YM/MYM, RTY/M2K, CL/MCL, GC/MGC), both ways: what the hedging rule compares (CONTRACT §13).</summary>
    public static IReadOnlyDictionary<string, string> Twins { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["NQ"] = "MNQ", ["MNQ"] = "NQ",
        ["ES"] = "MES", ["MES"] = "ES",
        ["YM"] = "MYM", ["MYM"] = "YM",
        ["RTY"] = "M2K", ["M2K"] = "RTY",
        ["CL"] = "MCL", ["MCL"] = "CL",
        ["GC"] = "MGC", ["MGC"] = "GC",
    };
}
