namespace PropConnectors;

/// <summary>Removes a secret from text that may leave the SDK (messages, firm answers, exception text).</summary>
internal static class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string text, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 4 || string.IsNullOrEmpty(text))
        {
            return text;
        }

        return text.Contains(secret, StringComparison.Ordinal) ? text.Replace(secret, Mask, StringComparison.Ordinal) : text;
    }

    public static string? RedactNullable(string? text, string? secret) => text is null ? null : Redact(text, secret);
}
