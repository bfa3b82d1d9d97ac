namespace PropConnectors.Instruments;

/// <summary>
/// A configured override of a firm's instrument (<c>PropConnectors:Firms:{FIRM}:Instruments:{SYMBOL}:{PointValue|TickSize|QuantityStep|MinQuantity}</c>);
/// a value left out keeps the firm package's.
/// </summary>
public sealed class InstrumentOptions
{
    /// <summary>Account currency per 1.0 of price for a quantity of 1.</summary>
    public decimal? PointValue { get; set; }

    /// <summary>The smallest price increment.</summary>
    public decimal? TickSize { get; set; }

    /// <summary>The quantity increment.</summary>
    public decimal? QuantityStep { get; set; }

    /// <summary>The smallest quantity.</summary>
    public decimal? MinQuantity { get; set; }

    internal InstrumentOptions Copy() => (InstrumentOptions)MemberwiseClone();

    /// <summary>The firm package's instrument with these overrides, or one made of them alone when every value is set.</summary>
    internal Instrument? Over(Instrument? shipped) =>
        shipped is not null
            ? new Instrument(PointValue ?? shipped.PointValue, TickSize ?? shipped.TickSize, QuantityStep ?? shipped.QuantityStep, MinQuantity ?? shipped.MinQuantity)
            : PointValue is { } point && QuantityStep is { } step
                ? new Instrument(point, TickSize ?? 0m, step, MinQuantity ?? step)
                : null;
}
