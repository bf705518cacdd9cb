using System.Text;
using System.Text.Json;

namespace Broker.Storage.Relational;

/// <summary>
/// The terms of a search as one JSON parameter, <c>[{"t":tag,"g":group|null,"w":weight}]</c>, which both dialects
/// read as a table (json_each, jsonb_to_recordset): one statement text for any number of terms.
/// </summary>
internal static class TagTermsJson
{
    public static string Serialize(IReadOnlyList<TagSearchTerm> terms)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var term in terms)
            {
                writer.WriteStartObject();
                writer.WriteString("t", term.Tag);
                if (term.Group is { } group)
                {
                    writer.WriteNumber("g", group);
                }
                else
                {
                    writer.WriteNull("g");
                }

                writer.WriteNumber("w", term.Weight);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
