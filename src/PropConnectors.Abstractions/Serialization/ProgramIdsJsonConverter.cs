using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropConnectors.Serialization;

/// <summary>
/// <c>program_ids</c> as a JSON array of integers, written by index (the serializer's own handling of an
/// <see cref="IReadOnlyList{T}"/> enumerates it through an interface, an allocation on every order sent) and read as
/// the source-generated metadata would: numbers, or numbers in strings (<see cref="JsonNumberHandling.AllowReadingFromString"/>).
/// </summary>
internal sealed class ProgramIdsJsonConverter : JsonConverter<IReadOnlyList<long>>
{
    public override IReadOnlyList<long> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("program_ids must be an array of integers.");
        }

        var ids = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ids.Add(reader.TokenType switch
            {
                JsonTokenType.Number when reader.TryGetInt64(out long id) => id,
                JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long id) => id,
                _ => throw new JsonException("program_ids must be an array of integers."),
            });
        }

        return ids;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<long> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        for (int i = 0; i < value.Count; i++)
        {
            writer.WriteNumberValue(value[i]);
        }

        writer.WriteEndArray();
    }
}
