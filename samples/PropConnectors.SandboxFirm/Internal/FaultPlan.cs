namespace PropConnectors.SandboxFirm.Internal;

/// <summary>The faults a firm injects: queued ones first, first in first out, then random ones drawn from a seeded generator. Thread-safe.</summary>
internal sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly List<QueuedFault> _queuedFaults = [];
    private Random? _random;
    private double _randomProbability;
    private SandboxFault[] _randomKinds = [];

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _queuedFaults.Sum(f => f.Remaining);
            }
        }
    }

    public void Enqueue(SandboxFault fault)
    {
        lock (_gate)
        {
            _queuedFaults.Add(new QueuedFault(fault, fault.Times));
        }
    }

    public void SetRandom(int seed, double probability, SandboxFault[] kinds)
    {
        lock (_gate)
        {
            _random = new Random(seed);
            _randomProbability = probability;
            _randomKinds = [.. kinds];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _queuedFaults.Clear();
            _random = null;
            _randomKinds = [];
        }
    }

    public SandboxFault? Draw(string method, string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _queuedFaults.Count; i++)
            {
                var queued = _queuedFaults[i];
                if (queued.Fault.Matches(method, path))
                {
                    if (--queued.Remaining == 0)
                    {
                        _queuedFaults.RemoveAt(i);
                    }

                    return queued.Fault;
                }
            }

            if (_random is null)
            {
                return null;
            }

            var matching = 0;
            foreach (var kind in _randomKinds)
            {
                if (kind.Matches(method, path))
                {
                    matching++;
                }
            }

            if (matching == 0)
            {
                return null;
            }

            // Exactly one draw per matching request, so the n-th matching request's outcome depends only on the seed.
            var u = _random.NextDouble();
            if (u >= _randomProbability)
            {
                return null;
            }

            var pick = Math.Min((int)(u / _randomProbability * matching), matching - 1);
            foreach (var kind in _randomKinds)
            {
                if (kind.Matches(method, path) && pick-- == 0)
                {
                    return kind;
                }
            }

            return null;
        }
    }

    private sealed class QueuedFault(SandboxFault fault, int remaining)
    {
        public SandboxFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
