using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace PropConnectors.Configuration;

/// <summary>
/// Tells <see cref="IOptionsMonitor{TOptions}"/> to re-read named options when the host's configuration reloads,
/// so that a firm switched on or off (or the dry-run gate) in configuration takes effect without a restart.
/// </summary>
internal sealed class ConfigurationReloadTokenSource<TOptions>(string? name, IConfiguration configuration) : IOptionsChangeTokenSource<TOptions>
{
    public string? Name { get; } = name;

    public IChangeToken GetChangeToken() => configuration.GetReloadToken();
}
