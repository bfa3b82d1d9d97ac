using Microsoft.Extensions.Options;
using PropConnectors.Instruments;

namespace PropConnectors.Configuration;

/// <summary>Applies a firm's defaults after binding: its symbol list and position limit where none was configured, and caps the attempt timeout at the total timeout.</summary>
internal sealed class FirmOptionsDefaults(PropFirmProfile profile) : IPostConfigureOptions<PropFirmOptions>
{
    public void PostConfigure(string? name, PropFirmOptions options)
    {
        if (!string.Equals(name, profile.Code, StringComparison.Ordinal))
        {
            return;
        }

        if (options.SupportedSymbols is not { Count: > 0 })
        {
            options.SupportedSymbols = [.. profile.DefaultSymbols];
        }

        options.MaxPositionSize ??= profile.DefaultMaxPositionSize;
        options.UseRules(profile.Rules, profile.Plans);

        // The package's instruments under what configuration overrides (a value left out keeps the package's).
        options.Instruments = options.Instruments is null
            ? new Dictionary<string, InstrumentOptions>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, InstrumentOptions>(options.Instruments, StringComparer.OrdinalIgnoreCase);
        foreach ((string symbol, Instrument shipped) in profile.Instruments)
        {
            InstrumentOptions values = options.Instruments.TryGetValue(symbol, out InstrumentOptions? configured) && configured is not null ? configured : new InstrumentOptions();
            values.PointValue ??= shipped.PointValue;
            values.TickSize ??= shipped.TickSize;
            values.QuantityStep ??= shipped.QuantityStep;
            values.MinQuantity ??= shipped.MinQuantity;
            options.Instruments[symbol] = values;
        }

        // One attempt never takes the whole call: FTMO_TIMEOUT_SECONDS=5 is a valid setting, not a reason to disable the
        // firm, and an attempt that times out must leave time to look the order up (CONTRACT §4) before the budget ends.
        if (options.AttemptTimeout >= options.Timeout && options.Timeout > TimeSpan.Zero)
        {
            options.AttemptTimeout = options.Timeout / 2;
        }
    }
}
