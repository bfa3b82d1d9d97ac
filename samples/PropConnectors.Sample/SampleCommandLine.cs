using PropConnectors.Sample.Hosting;

namespace PropConnectors.Sample;

/// <summary>Parses the command line and runs the chosen command.</summary>
internal static class SampleCommandLine
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    public const string Help = """
        PropConnectors sample host

        Usage:
          PropConnectors.Sample                     Run the main job on its embedded default: start a sandbox firm on
                                                    127.0.0.1, wire FTMO and Apex to it, route the bundled example
                                                    signals first under the dry-run gate, then live against the
                                                    sandbox, print a table per task and firm, and write the execution
                                                    results as JSON lines to a file (named on the last line).
          PropConnectors.Sample demo [--out FILE]   The same, writing the JSON lines to FILE.
          PropConnectors.Sample route --task FILE   Route one task (CONTRACT §1 JSON) with the real configuration and
          PropConnectors.Sample route --task -      print only the execution result (CONTRACT §7 JSON) on standard
                                                    output; logs go to standard error. "-" reads the task from
                                                    standard input. Exit code 0 when the task was handled, whatever
                                                    the firms answered; 2 when the task file is unreadable or malformed.
                                                    SIGINT/SIGTERM: orders in flight get 5 s to finish
                                                    (PROPCONNECTORS_SHUTDOWN_GRACE_SECONDS), then the result is printed
                                                    with each unfinished firm UNKNOWN and its client_order_id.
          PropConnectors.Sample --help              This text.

        Configuration for "route" (CONTRACT §8): appsettings.json beside the program, environment variables
        (PropConnectors__Firms__FTMO__ApiKey=...), and the flat variables of the original deployment:
          EXECUTION_DRY_RUN        on unless set to 0/false/no/off (any other value keeps it on, with a warning)
          {FIRM}_ENABLED           true to let the firm take orders (FIRM = FTMO, APEX)
          {FIRM}_API_KEY           the firm's API key (never printed)
          {FIRM}_BASE_URL          the firm's API base URL (https://; http:// only to loopback)
          {FIRM}_SUPPORTED_SYMBOLS comma-separated symbols (default: the firm package's list)
          {FIRM}_MAX_POSITION_SIZE largest quantity per order
          {FIRM}_TIMEOUT_SECONDS   total time per call (default 30)

        Example: route the bundled contract example against a sandbox firm you started yourself with
          dotnet run --project samples/PropConnectors.SandboxFirm -- --port 5080 --firm APEX=apex-key
          EXECUTION_DRY_RUN=false APEX_ENABLED=true APEX_API_KEY=apex-key APEX_BASE_URL=http://127.0.0.1:5080/firms/APEX/v1 \
            dotnet run --project samples/PropConnectors.Sample -- route --task samples/PropConnectors.Sample/Signals/3-both-firms.json
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Stream stdin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var cancel = new ShutdownSignals(stderr, cancellationToken);
        try
        {
            switch (args)
            {
                case []:
                    return await DemoCommand.RunAsync(outputPath: null, stdout, cancel.Token).ConfigureAwait(false);
                case ["--help" or "-h" or "help"]:
                    await stdout.WriteLineAsync(Help).ConfigureAwait(false);
                    return ExitOk;
                case ["demo"]:
                    return await DemoCommand.RunAsync(outputPath: null, stdout, cancel.Token).ConfigureAwait(false);
                case ["demo", "--out", var path]:
                    return await DemoCommand.RunAsync(path, stdout, cancel.Token).ConfigureAwait(false);
                case ["route", "--task", var task]:
                    return await RouteCommand.RunAsync(task, stdout, stderr, stdin, cancel.Token).ConfigureAwait(false);
                default:
                    await stderr.WriteLineAsync($"error: unrecognised arguments '{string.Join(' ', args)}'; run with --help for usage.").ConfigureAwait(false);
                    return ExitUsage;
            }
        }
        catch (OperationCanceledException) when (cancel.Token.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled.").ConfigureAwait(false);
            return 130;
        }
    }
}
