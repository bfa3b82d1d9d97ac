namespace PropConnectors.SandboxFirm.Internal;

/// <summary>
/// A firm's accounts, positions and marks. Not thread-safe: <see cref="SandboxFirm"/> calls it under its trading lock, so
/// an order's check, fill and position change are one step.
/// </summary>
internal sealed class Ledger
{
    /// <summary>The price a fill uses when the symbol has no mark and the order no price.</summary>
    public const decimal FallbackPrice = 100m;

    private readonly Dictionary<string, AccountEntry> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (decimal Price, decimal PointValue)> _marks = new(StringComparer.OrdinalIgnoreCase);

    public Ledger() => Clear();

    public void Clear()
    {
        _accounts.Clear();
        _marks.Clear();
        Set(new SandboxAccountSettings());
    }

    public void Set(SandboxAccountSettings settings)
    {
        string key = Key(settings.AccountId);
        if (!_accounts.TryGetValue(key, out AccountEntry? entry))
        {
            _accounts[key] = entry = new AccountEntry(settings.AccountId);
        }

        entry.Balance = settings.Balance;
        entry.DayStartBalance = settings.DayStartBalance ?? settings.Balance;
        entry.HighWaterBalance = Math.Max(settings.HighWaterBalance ?? settings.Balance, settings.Balance);
        entry.DrawdownFloor = settings.DrawdownFloor;
        entry.Currency = settings.Currency;
    }

    public bool Exists(string? accountId) => _accounts.ContainsKey(Key(accountId));

    public void SetMark(string symbol, decimal price, decimal? pointValue) =>
        _marks[symbol] = (price, pointValue ?? (_marks.TryGetValue(symbol, out var known) ? known.PointValue : 1m));

    public decimal? Mark(string symbol) => _marks.TryGetValue(symbol, out var mark) ? mark.Price : null;

    /// <summary>The signed position (long positive) of an account in a symbol.</summary>
    public decimal PositionOf(string? accountId, string symbol) =>
        _accounts.TryGetValue(Key(accountId), out AccountEntry? entry) && entry.Positions.TryGetValue(symbol, out var open) ? open.Quantity : 0m;

    /// <summary>Applies a fill: adds to, reduces, closes or reverses the position; a reduction realises profit or loss into the balance.</summary>
    public void Fill(string? accountId, string symbol, string side, decimal quantity, decimal price)
    {
        AccountEntry entry = _accounts[Key(accountId)];
        decimal signed = side == "BUY" ? quantity : -quantity;
        decimal pointValue = _marks.TryGetValue(symbol, out var mark) ? mark.PointValue : 1m;
        entry.Positions.TryGetValue(symbol, out var open);

        decimal after = open.Quantity + signed;
        if (open.Quantity != 0 && Math.Sign(open.Quantity) != Math.Sign(signed))
        {
            decimal closed = Math.Min(Math.Abs(open.Quantity), quantity);
            entry.Balance += closed * (price - open.AveragePrice) * Math.Sign(open.Quantity) * pointValue;
            entry.HighWaterBalance = Math.Max(entry.HighWaterBalance, entry.Balance);
        }

        if (after == 0)
        {
            entry.Positions.Remove(symbol);
        }
        else if (open.Quantity == 0 || Math.Sign(after) != Math.Sign(open.Quantity))
        {
            entry.Positions[symbol] = (after, price); // opened or reversed: the new position's price is this fill's
        }
        else if (Math.Abs(after) > Math.Abs(open.Quantity))
        {
            decimal average = ((Math.Abs(open.Quantity) * open.AveragePrice) + (quantity * price)) / Math.Abs(after);
            entry.Positions[symbol] = (after, average);
        }
        else
        {
            entry.Positions[symbol] = (after, open.AveragePrice);
        }
    }

    public SandboxAccount? Snapshot(string? accountId) =>
        _accounts.TryGetValue(Key(accountId), out AccountEntry? entry) ? Snapshot(entry) : null;

    public SandboxAccount[] SnapshotAll() => [.. _accounts.Values.Select(Snapshot)];

    private SandboxAccount Snapshot(AccountEntry entry)
    {
        var positions = new List<SandboxPosition>(entry.Positions.Count);
        foreach (var (symbol, (quantity, average)) in entry.Positions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            decimal unrealized = _marks.TryGetValue(symbol, out var mark) ? (mark.Price - average) * quantity * mark.PointValue : 0m;
            positions.Add(new SandboxPosition
            {
                Symbol = symbol,
                Side = quantity > 0 ? "LONG" : "SHORT",
                Quantity = Math.Abs(quantity),
                AveragePrice = average,
                UnrealizedPnl = unrealized,
            });
        }

        return new SandboxAccount
        {
            AccountId = entry.AccountId,
            Balance = entry.Balance,
            Equity = entry.Balance + positions.Sum(p => p.UnrealizedPnl),
            DayStartBalance = entry.DayStartBalance,
            HighWaterBalance = entry.HighWaterBalance,
            DrawdownFloor = entry.DrawdownFloor,
            Currency = entry.Currency,
            Positions = positions,
        };
    }

    private static string Key(string? accountId) => accountId ?? string.Empty;

    private sealed class AccountEntry(string? accountId)
    {
        public string? AccountId { get; } = accountId;

        public decimal Balance { get; set; }

        public decimal DayStartBalance { get; set; }

        public decimal HighWaterBalance { get; set; }

        public decimal? DrawdownFloor { get; set; }

        public string Currency { get; set; } = "USD";

        public Dictionary<string, (decimal Quantity, decimal AveragePrice)> Positions { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
