using System.Text.Json.Serialization;

namespace PropConnectors.Results;

/// <summary>What one action of an exit, flatten or cancel was.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConnectorActionKind>))]
public enum ConnectorActionKind
{
    /// <summary>A reduce-only order that closes (part of) a position.</summary>
    [JsonStringEnumMemberName("CLOSE")]
    Close = 1,

    /// <summary>A working order cancelled.</summary>
    [JsonStringEnumMemberName("CANCEL")]
    Cancel = 2,
}
