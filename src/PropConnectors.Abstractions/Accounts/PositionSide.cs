using System.Text.Json.Serialization;

namespace PropConnectors.Accounts;

/// <summary>Which way an open position faces.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PositionSide>))]
#pragma warning disable CA1720 // LONG and SHORT are the trading terms of the wire (CONTRACT §12), not type names.
public enum PositionSide
{
    /// <summary>Bought: closed by a sell.</summary>
    [JsonStringEnumMemberName("LONG")]
    Long = 1,

    /// <summary>Sold: closed by a buy.</summary>
    [JsonStringEnumMemberName("SHORT")]
    Short = 2,
}
#pragma warning restore CA1720
