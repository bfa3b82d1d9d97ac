using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PropConnectors.Security;

/// <summary>
/// A firm's secrets, and the one place that removes them from what leaves the SDK (CONTRACT §9): result messages, firm
/// answers, request descriptions, exception text and log lines. Each secret is searched for as written and
/// percent-encoded; JSON is masked on its decoded text, so a firm that echoes a key with <c>\uXXXX</c> escapes (as
/// System.Text.Json itself writes <c>+</c>, <c>/</c> and <c>=</c>) does not leak it either.
/// </summary>
public sealed class SecretSet
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Secrets shorter than this are not searched for: they would match ordinary text.</summary>
    public const int MinSecretLength = 4;

    private readonly string[] _forms;
    private readonly byte[][] _utf8Forms;

    /// <summary>Creates the set; empty and short values are ignored.</summary>
    /// <param name="secrets">The secrets.</param>
    public SecretSet(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var forms = new List<string>();
        foreach (string? secret in secrets)
        {
            if (secret is { Length: >= MinSecretLength })
            {
                forms.Add(secret);
                string encoded = Uri.EscapeDataString(secret);
                if (!string.Equals(encoded, secret, StringComparison.Ordinal))
                {
                    forms.Add(encoded);
                }
            }
        }

        _forms = [.. forms.Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length)];
        _utf8Forms = [.. _forms.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>A set with no secret.</summary>
    public static SecretSet Empty { get; } = new([]);

    /// <summary>Whether there is no secret to mask.</summary>
    public bool IsEmpty => _forms.Length == 0;

    /// <summary>Masks every secret in <paramref name="text"/>.</summary>
    /// <param name="text">The text; <see langword="null"/> stays <see langword="null"/>.</param>
    /// <returns>The text itself when it held no secret, otherwise a masked copy.</returns>
    public string? MaskText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (string form in _forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>Whether <paramref name="text"/> holds a secret.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when <see cref="MaskText"/> would change it.</returns>
    public bool IsIn(string? text) => text is not null && !ReferenceEquals(MaskText(text), text);

    /// <summary>
    /// Masks every secret in the decoded strings (values and property names) of a JSON value given as UTF-8, whatever
    /// escapes were used. The same memory comes back when nothing held a secret.
    /// </summary>
    /// <param name="utf8Json">One complete JSON value.</param>
    /// <returns>The value, or a masked copy.</returns>
    public ReadOnlyMemory<byte> MaskJson(ReadOnlyMemory<byte> utf8Json)
    {
        if (IsEmpty || utf8Json.IsEmpty || !MayHold(utf8Json.Span))
        {
            return utf8Json;
        }

        using JsonDocument document = JsonDocument.Parse(utf8Json);
        if (!Holds(document.RootElement))
        {
            return utf8Json;
        }

        var buffer = new ArrayBufferWriter<byte>(utf8Json.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(document.RootElement, writer);
        }

        return buffer.WrittenMemory;
    }

    // Escapes can hide a secret from a byte search; without one, the literal forms are all there is to find.
    private bool MayHold(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Contains((byte)'\\'))
        {
            return true;
        }

        foreach (byte[] form in _utf8Forms)
        {
            if (utf8.IndexOf(form) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool Holds(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsIn(element.GetString());
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (Holds(item))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (IsIn(property.Name) || Holds(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return IsIn(element.GetRawText());
        }
    }

    private void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(MaskText(element.GetString()));
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    writer.WritePropertyName(MaskText(property.Name)!);
                    Write(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            default:
                // A number or literal that spells a secret is written as a masked string.
                if (IsIn(element.GetRawText()))
                {
                    writer.WriteStringValue(MaskText(element.GetRawText()));
                }
                else
                {
                    element.WriteTo(writer);
                }

                break;
        }
    }
}
