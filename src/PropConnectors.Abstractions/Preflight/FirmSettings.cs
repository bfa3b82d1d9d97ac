using System.Collections.Frozen;
using PropConnectors.Configuration;
using PropConnectors.Instruments;
using PropConnectors.Orders;
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
        SymbolMap = (options.SymbolMap ?? new Dictionary<string, string>())
            .Where(m => !string.IsNullOrWhiteSpace(m.Key) && !string.IsNullOrWhiteSpace(m.Value))
            .ToFrozenDictionary(m => m.Key.Trim(), m => m.Value.Trim(), StringComparer.OrdinalIgnoreCase);
        Instruments = ReadInstruments(options.Instruments);
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

    /// <summary>Symbols renamed before any check, case-insensitive.</summary>
    public FrozenDictionary<string, string> SymbolMap { get; }

    /// <summary>The firm package's instruments with the configured overrides, case-insensitive.</summary>
    public FrozenDictionary<string, Instrument> Instruments { get; }

    /// <summary>The symbol the firm trades for a signal's symbol: TradingView's decorations removed, mapped, in the firm's spelling (or upper case).</summary>
    public string ResolveSymbol(string symbol)
    {
        string root = SymbolNames.Normalize(symbol);
        string mapped = SymbolMap.TryGetValue(root, out string? target) ? target : root;
        return Symbols.TryGetValue(mapped, out string? spelled) ? spelled : mapped.ToUpperInvariant();
    }

    // The firm package's instruments were filled into the options after binding (FirmOptionsDefaults); one still missing a
    // point value or a quantity step is left out (sizing then refuses the symbol, naming it).
    /// <summary>The order as this firm takes it: its symbol resolved, the account's id set.</summary>
    public OrderRequest Prepare(OrderRequest order)
    {
        string symbol = string.IsNullOrWhiteSpace(order.Symbol) ? order.Symbol : ResolveSymbol(order.Symbol);
        string? accountId = Options.AccountId ?? order.AccountId;
        return symbol == order.Symbol && accountId == order.AccountId ? order : order with { Symbol = symbol, AccountId = accountId };
    }

    private static FrozenDictionary<string, Instrument> ReadInstruments(IDictionary<string, InstrumentOptions>? configured)
    {
        var instruments = new Dictionary<string, Instrument>(StringComparer.OrdinalIgnoreCase);
        foreach ((string symbol, InstrumentOptions values) in configured ?? new Dictionary<string, InstrumentOptions>())
        {
            if (values?.Over(null) is { } instrument && !string.IsNullOrWhiteSpace(symbol))
            {
                instruments[symbol.Trim()] = instrument;
            }
        }

        return instruments.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
