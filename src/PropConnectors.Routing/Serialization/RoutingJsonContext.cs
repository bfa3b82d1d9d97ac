using System.Text.Json.Serialization;

namespace PropConnectors.Routing.Serialization;

/// <summary>
/// Source-generated System.Text.Json metadata for the routing wire types: <see cref="ExecutionTask"/>
/// (CONTRACT §1) and <see cref="ExecutionResult"/> (CONTRACT §7) with its connector results (§5).
/// snake_case names, <c>SCREAMING_SNAKE_CASE</c> enums, absent values left out; no reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ExecutionTask))]
[JsonSerializable(typeof(ExecutionResult))]
[JsonSerializable(typeof(IReadOnlyList<ExecutionResult>))]
internal sealed partial class RoutingJsonContext : JsonSerializerContext;
