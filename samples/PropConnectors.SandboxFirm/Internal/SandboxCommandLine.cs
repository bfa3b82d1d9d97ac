using System.Globalization;

namespace PropConnectors.SandboxFirm.Internal;

/// <summary>The standalone program's arguments.</summary>
internal sealed class SandboxCommandLine
{
    public const int DefaultPort = 5080;

    public const string HelpText = """
        PropConnectors sandbox firm: an in-memory prop-firm REST API (CONTRACT §3) on 127.0.0.1 for tests and benchmarks.

        Usage:
          dotnet run --project samples/PropConnectors.SandboxFirm -- [options]

        Options:
          -p, --port <port>         TCP port on 127.0.0.1 (default 5080; 0 = any free port).
          -f, --firm <CODE=KEY>     Serve firm CODE with API key KEY. Repeat for more firms.
                                    Its base URL is http://127.0.0.1:<port>/firms/<CODE>/v1 (the SDK appends /orders).
          --log-level <level>       Trace, Debug, Information, Warning (default), Error, Critical or None.
          -h, --help                Show this text.

        Each firm serves, with Authorization: Bearer <KEY>:
          POST   /firms/<CODE>/v1/orders                      place (201 new, 200 repeated Idempotency-Key)
          GET    /firms/<CODE>/v1/orders/<order_id>           status (404 unknown)
          GET    /firms/<CODE>/v1/orders?client_order_id=<id> find by client id (404 none)
          DELETE /firms/<CODE>/v1/orders/<order_id>           cancel (404 unknown, 409 filled)

        Control endpoint (no API key: the server listens on 127.0.0.1 only; JSON bodies in snake_case):
          GET    /_sandbox/firms                              list firms
          POST   /_sandbox/firms/<CODE>                       {"api_key":"..."} adds a firm
          GET    /_sandbox/firms/<CODE>                       one firm
          POST   /_sandbox/firms/<CODE>/faults                {"kind":"status","status":429,"retry_after_seconds":1,"method":"POST","times":1}
                                                              kinds: status, reject (+"message"), delay (+"delay_ms"),
                                                              malformed_body, accept_then_drop; "method":"ANY" = every method
          DELETE /_sandbox/firms/<CODE>/faults                clear queued and random faults
          POST   /_sandbox/firms/<CODE>/random-faults         {"seed":42,"probability":0.3,"kinds":[{"kind":"status","status":503}]}
          GET    /_sandbox/firms/<CODE>/orders                the order book
          GET    /_sandbox/firms/<CODE>/requests              the request log (never the key)
          PUT    /_sandbox/firms/<CODE>/latency               {"latency_ms":50}
          PUT    /_sandbox/firms/<CODE>/idempotency           {"honours_idempotency_key":false}
          POST   /_sandbox/firms/<CODE>/reset                 clear orders, log, faults, latency

        Runs until Ctrl+C. Exit codes: 0 stopped, 1 could not start, 2 bad arguments.

        """;

    public int Port { get; private set; } = DefaultPort;

    public LogLevel LogLevel { get; private set; } = LogLevel.Warning;

    public bool ShowHelp { get; private set; }

    public IReadOnlyList<(string Code, string ApiKey)> Firms => _firms;

    private readonly List<(string Code, string ApiKey)> _firms = [];

    /// <summary>Parses; on failure returns false with a one-line <paramref name="error"/>.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out SandboxCommandLine result, out string error)
    {
        result = new SandboxCommandLine();
        error = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    result.ShowHelp = true;
                    break;
                case "-p" or "--port":
                    if (!TryValue(args, ref i, arg, inlineValue, out var portText, out error))
                    {
                        return false;
                    }

                    if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        error = $"--port must be a number from 0 to 65535, not '{portText}'";
                        return false;
                    }

                    result.Port = port;
                    break;
                case "-f" or "--firm":
                    if (!TryValue(args, ref i, arg, inlineValue, out var firmText, out error))
                    {
                        return false;
                    }

                    var separator = firmText.IndexOf('=', StringComparison.Ordinal);
                    if (separator <= 0 || separator == firmText.Length - 1)
                    {
                        error = $"--firm expects CODE=KEY, not '{Redact(firmText)}'";
                        return false;
                    }

                    var code = firmText[..separator];
                    if (FirmRegistry.ValidateCode(code) is { } codeError)
                    {
                        error = $"--firm: {codeError}";
                        return false;
                    }

                    if (result._firms.Exists(f => string.Equals(f.Code, code, StringComparison.OrdinalIgnoreCase)))
                    {
                        error = $"--firm {code.ToUpperInvariant()} is given twice";
                        return false;
                    }

                    result._firms.Add((code, firmText[(separator + 1)..]));
                    break;
                case "--log-level":
                    if (!TryValue(args, ref i, arg, inlineValue, out var levelText, out error))
                    {
                        return false;
                    }

                    if (!Enum.TryParse<LogLevel>(levelText, ignoreCase: true, out var level) || !Enum.IsDefined(level) || int.TryParse(levelText, out _))
                    {
                        error = $"--log-level must be Trace, Debug, Information, Warning, Error, Critical or None, not '{levelText}'";
                        return false;
                    }

                    result.LogLevel = level;
                    break;
                default:
                    error = arg.StartsWith('-') ? $"unknown option '{arg}'" : $"unexpected argument '{arg}'";
                    return false;
            }
        }

        return true;
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, string name, string? inlineValue, out string value, out string error)
    {
        error = string.Empty;
        if (inlineValue is not null)
        {
            value = inlineValue;
        }
        else if (i + 1 < args.Count && !args[i + 1].StartsWith('-'))
        {
            value = args[++i];
        }
        else
        {
            value = string.Empty;
            error = $"{name} needs a value";
            return false;
        }

        if (value.Length == 0)
        {
            error = $"{name} needs a value";
            return false;
        }

        return true;
    }

    /// <summary>Keeps a key out of error messages: shows only what precedes '='.</summary>
    private static string Redact(string firmText)
    {
        var separator = firmText.IndexOf('=', StringComparison.Ordinal);
        return separator < 0 ? firmText : firmText[..(separator + 1)] + "***";
    }
}
