using Microsoft.Extensions.Options;
using PropConnectors.Configuration;

namespace PropConnectors.Routing.Execution;

/// <summary>
/// The global dry-run gate as the router reads it: once per task, and that reading goes down to every connector of the
/// task (<see cref="PlacementOptions.Preview"/>), so a task reported as dry-run can never have sent an order, even if
/// the gate is switched off while it runs.
/// </summary>
internal sealed class DryRunGate(IOptionsMonitor<PropConnectorsOptions> options)
{
    public bool Read() => options.CurrentValue.DryRun;
}
