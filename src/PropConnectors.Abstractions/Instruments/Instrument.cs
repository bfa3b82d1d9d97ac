namespace PropConnectors.Instruments;

/// <summary>
/// What sizing and the risk rules need to know of a symbol at a firm (CONTRACT §11): how much one point of price is worth
/// for a quantity of one, the price increment, and the quantity increment and minimum.
/// </summary>
/// <param name="PointValue">Account currency per 1.0 of price for a quantity of 1 (NQ: 20 USD; EURUSD: 100,000 per lot).</param>
/// <param name="TickSize">The smallest price increment (NQ: 0.25).</param>
/// <param name="QuantityStep">The quantity increment (futures: 1 contract; FTMO CFDs: 0.01 lot).</param>
/// <param name="MinQuantity">The smallest quantity (usually the step).</param>
public sealed record Instrument(decimal PointValue, decimal TickSize, decimal QuantityStep, decimal MinQuantity)
{
    /// <summary>A futures contract: whole contracts, one at least.</summary>
    /// <param name="pointValue">USD per point per contract.</param>
    /// <param name="tickSize">The tick.</param>
    /// <returns>The instrument.</returns>
    public static Instrument Future(decimal pointValue, decimal tickSize) => new(pointValue, tickSize, 1m, 1m);

    /// <summary>A CFD or FX symbol traded in lots of <paramref name="lotStep"/>.</summary>
    /// <param name="pointValue">Account currency per 1.0 of price per lot.</param>
    /// <param name="tickSize">The price increment.</param>
    /// <param name="lotStep">The lot increment and minimum (0.01 at FTMO).</param>
    /// <returns>The instrument.</returns>
    public static Instrument Cfd(decimal pointValue, decimal tickSize, decimal lotStep = 0.01m) => new(pointValue, tickSize, lotStep, lotStep);

    /// <summary>Whether <paramref name="quantity"/> is a whole number of <see cref="QuantityStep"/> and at least <see cref="MinQuantity"/>.</summary>
    /// <param name="quantity">The quantity.</param>
    /// <returns><see langword="true"/> when the firm can take it as it is.</returns>
    public bool Accepts(decimal quantity) => quantity >= MinQuantity && (QuantityStep <= 0 || quantity % QuantityStep == 0);

    /// <summary>Rounds <paramref name="quantity"/> down to a whole number of <see cref="QuantityStep"/>.</summary>
    /// <param name="quantity">The quantity.</param>
    /// <returns>The largest multiple of the step not above it.</returns>
    public decimal RoundDown(decimal quantity) => QuantityStep <= 0 ? quantity : Math.Floor(quantity / QuantityStep) * QuantityStep;
}
