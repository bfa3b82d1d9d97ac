using System.Collections.Concurrent;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>The firms one server serves, by case-insensitive code.</summary>
internal sealed class FirmRegistry(TimeProvider time, int requestLogCapacity)
{
    private readonly ConcurrentDictionary<string, SandboxFirm> _firms = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>http://127.0.0.1:{port}/</c>, known once Kestrel has bound.</summary>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1/");

    public SandboxFirm Add(string code, string apiKey)
    {
        if (ValidateCode(code) is { } codeError)
        {
            throw new ArgumentException(codeError, nameof(code));
        }

        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("The API key must not be empty.", nameof(apiKey));
        }

        var normalized = code.ToUpperInvariant();
        var firm = new SandboxFirm(normalized, apiKey, BaseAddress, time, requestLogCapacity);
        if (!_firms.TryAdd(normalized, firm))
        {
            throw new InvalidOperationException($"The sandbox already has a firm '{normalized}'.");
        }

        return firm;
    }

    public bool TryGet(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SandboxFirm? firm) =>
        _firms.TryGetValue(code, out firm);

    public IReadOnlyList<SandboxFirm> All => [.. _firms.Values.OrderBy(f => f.Code, StringComparer.Ordinal)];

    /// <summary>Null when <paramref name="code"/> can be a firm code (1 to 32 of [A-Za-z0-9_-]); else why not.</summary>
    public static string? ValidateCode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 32)
        {
            return "A firm code must be 1 to 32 characters of [A-Za-z0-9_-].";
        }

        foreach (var c in code)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return $"Firm code '{code}' must be 1 to 32 characters of [A-Za-z0-9_-].";
            }
        }

        return null;
    }
}
