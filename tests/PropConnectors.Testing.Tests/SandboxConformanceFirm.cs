using PropConnectors.Accounts;
using PropConnectors.Orders;
using PropConnectors.SandboxFirm;
using SandboxFirmApi = PropConnectors.SandboxFirm.SandboxFirm;

namespace PropConnectors.Testing.Tests;

/// <summary>
/// The kit's <see cref="IConformanceFirm"/> over one firm of the sandbox server (CONTRACT §3 over HTTP): an order request
/// is a <c>POST</c>, the idempotency key is the <c>Idempotency-Key</c> header, scenarios are queued sandbox faults.
/// </summary>
internal sealed class SandboxConformanceFirm : IConformanceFirm, IConformanceAccountFirm
{
    private static int s_next;
    private readonly SandboxFirmApi _firm;

    private SandboxConformanceFirm(SandboxFirmApi firm, string apiKey)
    {
        _firm = firm;
        ApiKey = apiKey;
    }

    public Uri BaseUrl => _firm.BaseUrl;

    public string ApiKey { get; }

    public int OrderRequestsReceived => OrderRequests().Count;

    public IReadOnlyList<string?> IdempotencyKeysReceived => [.. OrderRequests().Select(r => r.IdempotencyKey)];

    /// <summary>Adds a new firm, with its own code and key, to a running sandbox server.</summary>
    public static SandboxConformanceFirm Add(SandboxFirmServer server)
    {
        string code = "CONF" + Interlocked.Increment(ref s_next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string apiKey = "sandbox-key-" + Guid.NewGuid().ToString("N");
        return new SandboxConformanceFirm(server.AddFirm(code, apiKey), apiKey);
    }

    public void Arrange(ConformanceScenario scenario, int times)
    {
        _firm.ClearFaults();
        SandboxFault? fault = scenario switch
        {
            ConformanceScenario.Accept => null,
            ConformanceScenario.Reject => SandboxFault.Reject(422, ConformanceSettings.RejectMessage),
            ConformanceScenario.Unauthorized => SandboxFault.Status(401),
            ConformanceScenario.RateLimited => SandboxFault.Status(429, ConformanceSettings.RetryAfter),
            ConformanceScenario.Unavailable => SandboxFault.Status(503),
            ConformanceScenario.SlowBeyondTimeout => SandboxFault.Delay(ConformanceSettings.SlowAnswerDelay),
            ConformanceScenario.AcceptThenDropConnection => SandboxFault.AcceptThenDrop(),
            ConformanceScenario.MalformedBody => SandboxFault.MalformedBody(),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "Unknown scenario."),
        };

        if (fault is not null)
        {
            _firm.EnqueueFault(fault with { Times = times });
        }
    }

    public IReadOnlyList<string> OrdersHeld(string clientOrderId) =>
        [.. _firm.Orders.Where(o => o.ClientOrderId == clientOrderId).Select(o => o.OrderId)];

    public async Task WaitForOrderRequestsAsync(int count, CancellationToken cancellationToken)
    {
        // The sandbox signals on every logged request; wait for one more until enough of them are POSTs.
        while (true)
        {
            IReadOnlyList<SandboxRequest> requests = _firm.Requests;
            if (requests.Count(r => r.Method == "POST") >= count)
            {
                return;
            }

            await _firm.WaitForRequestsAsync(requests.Count + 1, cancellationToken);
        }
    }

    public int ReadRequestsReceived => _firm.Requests.Count(r => r.Method == "GET" && (r.PathAndQuery.Contains("/account", StringComparison.Ordinal) || r.PathAndQuery.Contains("/positions", StringComparison.Ordinal) || r.PathAndQuery.Contains("status=open", StringComparison.Ordinal)));

    public void HoldAccount(decimal balance, decimal dayStartBalance) =>
        _firm.SetAccount(new SandboxAccountSettings { Balance = balance, DayStartBalance = dayStartBalance });

    public void HoldPosition(string symbol, PositionSide side, decimal quantity) =>
        _firm.Fill(symbol, side == PositionSide.Long ? "BUY" : "SELL", quantity, price: 100m);

    public string HoldWorkingOrder(string symbol, OrderSide side, decimal quantity) =>
        _firm.RestOrder(symbol, side == OrderSide.Buy ? "BUY" : "SELL", quantity, limitPrice: side == OrderSide.Buy ? 1m : 1_000_000m).OrderId;

    public bool IsReduceOnly(string clientOrderId) => _firm.Orders.Any(o => o.ClientOrderId == clientOrderId && o.ReduceOnly);

    public bool IsWorking(string orderId) => _firm.Orders.Any(o => o.OrderId == orderId && o.Status == "ACCEPTED");

    public void FailReads() => _firm.EnqueueFault(SandboxFault.Status(503) with { Method = "GET", Times = 1000 });

    // The server belongs to the fixture; this firm's code is never used again.
    public ValueTask DisposeAsync()
    {
        _firm.ClearFaults();
        return ValueTask.CompletedTask;
    }

    private List<SandboxRequest> OrderRequests() => [.. _firm.Requests.Where(r => r.Method == "POST")];
}
