using System.Globalization;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>A firm's order book: orders (immutable snapshots; a change replaces the entry) indexed by id, client order id and idempotency key. Thread-safe.</summary>
internal sealed class OrderBook(string code)
{
    private readonly Lock _gate = new();
    private readonly List<SandboxOrder> _orders = [];
    private readonly Dictionary<string, int> _orderIndexById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _orderIndexByClientOrderId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _orderIndexByIdempotencyKey = new(StringComparer.Ordinal);
    private int _orderCounter;

    public IReadOnlyList<SandboxOrder> Snapshot()
    {
        lock (_gate)
        {
            return [.. _orders];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _orders.Clear();
            _orderIndexById.Clear();
            _orderIndexByClientOrderId.Clear();
            _orderIndexByIdempotencyKey.Clear();
            _orderCounter = 0;
        }
    }

    /// <summary>Stores a validated order, or returns the first order for an idempotency key already seen.</summary>
    public (SandboxOrder Order, bool Replayed) PlaceOrder(ValidOrder order, string? idempotencyKey, string rawBody, bool honours, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (honours && idempotencyKey is not null && _orderIndexByIdempotencyKey.TryGetValue(idempotencyKey, out var seen))
            {
                return (_orders[seen], true);
            }

            var stored = new SandboxOrder
            {
                OrderId = string.Create(CultureInfo.InvariantCulture, $"{code}-{++_orderCounter:D6}"),
                ClientOrderId = order.ClientOrderId,
                IdempotencyKey = idempotencyKey,
                Symbol = order.Symbol,
                Side = order.Side,
                Quantity = order.Quantity,
                OrderType = order.OrderType,
                AccountId = order.AccountId,
                Price = order.Price,
                ReduceOnly = order.ReduceOnly,
                Status = "ACCEPTED",
                RawBody = rawBody,
                CreatedAt = now,
            };

            var index = _orders.Count;
            _orders.Add(stored);
            _orderIndexById[stored.OrderId] = index;
            if (order.ClientOrderId is not null)
            {
                _orderIndexByClientOrderId.TryAdd(order.ClientOrderId, index);
            }

            if (idempotencyKey is not null)
            {
                _orderIndexByIdempotencyKey.TryAdd(idempotencyKey, index);
            }

            return (stored, false);
        }
    }

    /// <summary>The first order for an idempotency key already seen, when the firm honours the header.</summary>
    public SandboxOrder? FindReplay(string? idempotencyKey, bool honours)
    {
        if (idempotencyKey is null || !honours)
        {
            return null;
        }

        lock (_gate)
        {
            return _orderIndexByIdempotencyKey.TryGetValue(idempotencyKey, out var index) ? _orders[index] : null;
        }
    }

    public SandboxOrder? FindById(string orderId)
    {
        lock (_gate)
        {
            return _orderIndexById.TryGetValue(orderId, out var index) ? _orders[index] : null;
        }
    }

    public SandboxOrder? FindByClientOrderId(string clientOrderId)
    {
        lock (_gate)
        {
            return _orderIndexByClientOrderId.TryGetValue(clientOrderId, out var index) ? _orders[index] : null;
        }
    }

    /// <summary>Cancels an order: the order after the call, or null when unknown. A FILLED order is returned unchanged.</summary>
    public SandboxOrder? Cancel(string orderId)
    {
        lock (_gate)
        {
            if (!_orderIndexById.TryGetValue(orderId, out var index))
            {
                return null;
            }

            var order = _orders[index];
            if (order.Status is "FILLED" or "CANCELLED")
            {
                return order;
            }

            return _orders[index] = order with { Status = "CANCELLED" };
        }
    }

    /// <summary>The resting (ACCEPTED) orders, oldest first.</summary>
    public List<SandboxOrder> Resting()
    {
        lock (_gate)
        {
            return _orders.FindAll(o => o.Status == "ACCEPTED");
        }
    }

    /// <summary>Marks an order filled (at its quantity, possibly clipped) or cancelled.</summary>
    public SandboxOrder Update(string orderId, Func<SandboxOrder, SandboxOrder> change)
    {
        lock (_gate)
        {
            var index = _orderIndexById[orderId];
            return _orders[index] = change(_orders[index]);
        }
    }
}
