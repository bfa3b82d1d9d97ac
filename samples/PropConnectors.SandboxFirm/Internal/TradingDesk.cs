namespace PropConnectors.SandboxFirm.Internal;

/// <summary>
/// Where orders meet accounts: placement checks the account and a reduce-only order's position, a MARKET order fills at
/// once, a LIMIT or STOP order rests until a mark crosses its price. One lock makes each of these one step, so two
/// reduce-only orders racing for one position never close more than it holds.
/// </summary>
internal sealed class TradingDesk(string code)
{
    private readonly Lock _gate = new();
    private readonly Ledger _ledger = new();

    public OrderBook Book { get; } = new(code);

    public void Clear()
    {
        lock (_gate)
        {
            Book.Clear();
            _ledger.Clear();
        }
    }

    /// <summary>Stores and, for a MARKET order, fills; a replayed idempotency key returns the first order; an error says why nothing was stored.</summary>
    public (SandboxOrder? Order, bool Replayed, Reply? Error) Place(ValidOrder order, string? idempotencyKey, string rawBody, bool honours, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (Book.FindReplay(idempotencyKey, honours) is { } replay)
            {
                return (replay, true, null);
            }

            if (!_ledger.Exists(order.AccountId))
            {
                return (null, false, Reply.Error(404, "unknown account"));
            }

            if (order.ReduceOnly)
            {
                decimal open = ReducibleBy(order.AccountId, order.Symbol, order.Side);
                if (open == 0)
                {
                    return (null, false, Reply.Error(422, "reduce_only order would open or add to a position"));
                }

                order = order with { Quantity = Math.Min(order.Quantity, open) };
            }

            var (stored, replayed) = Book.PlaceOrder(order, idempotencyKey, rawBody, honours, now);
            if (!replayed && stored.OrderType == "MARKET")
            {
                stored = FillLocked(stored, _ledger.Mark(stored.Symbol) ?? stored.Price ?? Ledger.FallbackPrice);
            }

            return (stored, replayed, null);
        }
    }

    /// <summary>Sets a symbol's mark; resting orders it crosses fill (a reduce-only one with nothing left to reduce is cancelled).</summary>
    public void SetMark(string symbol, decimal price, decimal? pointValue)
    {
        lock (_gate)
        {
            _ledger.SetMark(symbol, price, pointValue);
            foreach (SandboxOrder order in Book.Resting())
            {
                if (string.Equals(order.Symbol, symbol, StringComparison.OrdinalIgnoreCase) && Crosses(order, price))
                {
                    FillLocked(order, order.OrderType == "LIMIT" ? order.Price!.Value : price);
                }
            }
        }
    }

    public void Fill(string? accountId, string symbol, string side, decimal quantity, decimal price)
    {
        lock (_gate)
        {
            if (!_ledger.Exists(accountId))
            {
                throw new InvalidOperationException($"The account {accountId ?? "(default)"} does not exist.");
            }

            _ledger.Fill(accountId, symbol, side, quantity, price);
        }
    }

    public void SetAccount(SandboxAccountSettings settings)
    {
        lock (_gate)
        {
            _ledger.Set(settings);
        }
    }

    public SandboxAccount? Account(string? accountId)
    {
        lock (_gate)
        {
            return _ledger.Snapshot(accountId);
        }
    }

    public SandboxAccount[] Accounts()
    {
        lock (_gate)
        {
            return _ledger.SnapshotAll();
        }
    }

    /// <summary>The resting orders of one account, or null when the account does not exist.</summary>
    public List<SandboxOrder>? OpenOrders(string? accountId)
    {
        lock (_gate)
        {
            return _ledger.Exists(accountId) ? Book.Resting().FindAll(o => o.AccountId == accountId) : null;
        }
    }

    private SandboxOrder FillLocked(SandboxOrder order, decimal price)
    {
        decimal quantity = order.ReduceOnly ? Math.Min(order.Quantity, ReducibleBy(order.AccountId, order.Symbol, order.Side)) : order.Quantity;
        if (quantity == 0)
        {
            return Book.Update(order.OrderId, o => o with { Status = "CANCELLED" });
        }

        _ledger.Fill(order.AccountId, order.Symbol, order.Side, quantity, price);
        return Book.Update(order.OrderId, o => o with { Status = "FILLED", Quantity = quantity, FillPrice = price });
    }

    /// <summary>How much an order on <paramref name="side"/> can reduce the account's position: zero when it is flat or on the same side.</summary>
    private decimal ReducibleBy(string? accountId, string symbol, string side)
    {
        decimal position = _ledger.PositionOf(accountId, symbol);
        return (side == "SELL" && position > 0) || (side == "BUY" && position < 0) ? Math.Abs(position) : 0m;
    }

    private static bool Crosses(SandboxOrder order, decimal price) => (order.OrderType, order.Side) switch
    {
        ("LIMIT", "BUY") => price <= order.Price,
        ("LIMIT", "SELL") => price >= order.Price,
        ("STOP", "BUY") => price >= order.Price,
        ("STOP", "SELL") => price <= order.Price,
        _ => false,
    };
}
