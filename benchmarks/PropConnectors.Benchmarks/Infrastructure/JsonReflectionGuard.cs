using System.Text.Json;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// Proof of "no reflection-based JSON on the path": turns reflection-based System.Text.Json off in this process, so
/// that any serializer call without source-generated metadata throws (and fails the benchmark) instead of quietly
/// costing time. The project sets the same switch at build time (<c>JsonSerializerIsReflectionEnabledByDefault</c>);
/// BenchmarkDotNet's separate benchmark process does not inherit it, hence this call in every setup.
/// </summary>
internal static class JsonReflectionGuard
{
    private const string Switch = "System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault";

    public static void Enforce()
    {
        AppContext.SetSwitch(Switch, false);
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            throw new InvalidOperationException("Reflection-based System.Text.Json is still enabled in this process; the 'no reflection' claim would be unproven.");
        }
    }
}
