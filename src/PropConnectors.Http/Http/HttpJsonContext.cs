using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropConnectors.Http;

/// <summary>Source-generated JSON for what the HTTP package writes itself (text excerpts as JSON strings, elements).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;
