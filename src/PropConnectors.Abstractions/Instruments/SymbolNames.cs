namespace PropConnectors.Instruments;

/// <summary>
/// How a symbol in a signal becomes the symbol a firm trades (CONTRACT §11): TradingView's exchange prefix and continuous
/// suffix are removed (<c>CME_MINI:NQ1!</c> → <c>NQ</c>), then the firm's or account's <c>SymbolMap</c> applies
/// (<c>NQ</c> → <c>MNQ</c>), then the firm's own spelling from its symbol list (<c>us100.cash</c> → <c>US100.cash</c>), or
/// upper case when the list does not have it.
/// </summary>
public static class SymbolNames
{
    /// <summary>Removes a TradingView exchange prefix (<c>CME_MINI:</c>) and continuous-contract suffix (<c>1!</c>, <c>2!</c>), and trims.</summary>
    /// <param name="symbol">The symbol as the signal wrote it.</param>
    /// <returns>The root symbol, case kept.</returns>
    public static string Normalize(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        ReadOnlySpan<char> text = symbol.AsSpan().Trim();
        int colon = text.LastIndexOf(':');
        if (colon >= 0 && colon < text.Length - 1)
        {
            text = text[(colon + 1)..];
        }

        if (text.Length > 2 && text[^1] == '!')
        {
            int digits = text.Length - 1;
            while (digits > 0 && char.IsAsciiDigit(text[digits - 1]))
            {
                digits--;
            }

            if (digits > 0 && digits < text.Length - 1)
            {
                text = text[..digits];
            }
        }

        return text.ToString();
    }
}
