using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropConnectors.Apex;
using PropConnectors.Ftmo;
using PropConnectors.Results;
using PropConnectors.Routing;
using PropConnectors.Sample.Hosting;
using PropConnectors.SandboxFirm;

namespace PropConnectors.Sample;

/// <summary>
/// The main job on its embedded default: a sandbox firm on loopback, FTMO and Apex wired to it, the
/// bundled signals routed under the dry-run gate, then live, then live again with faults injected
/// (a dropped connection after the firm took the order, a 429 with Retry-After) to show that each
/// signal still becomes exactly one order per firm; then the trading model on two accounts of one firm
/// (<see cref="TradingDemo"/>).
/// </summary>
internal static class DemoCommand
{
    public const string DefaultOutput = "artifacts/sample/execution-results.jsonl";

    public static async Task<int> RunAsync(string? outputPath, TextWriter stdout, CancellationToken cancellationToken)
    {
        await using SandboxFirmServer sandbox = await SandboxFirmServer.StartAsync(new SandboxFirmServerOptions { Port = 0 }, cancellationToken).ConfigureAwait(false);
        var keys = new Dictionary<string, string>
        {
            [FtmoFirm.Code] = "sandbox-ftmo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            [ApexFirm.Code] = "sandbox-apex-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        };
        SandboxFirm.SandboxFirm ftmo = sandbox.AddFirm(FtmoFirm.Code, keys[FtmoFirm.Code]);
        SandboxFirm.SandboxFirm apex = sandbox.AddFirm(ApexFirm.Code, keys[ApexFirm.Code]);

        List<ExecutionTask> signals = LoadSignals("Signals.");
        await stdout.WriteLineAsync($"Sandbox firm on {sandbox.BaseAddress} — FTMO at {ftmo.BaseUrl}, APEX at {apex.BaseUrl}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"{signals.Count} bundled signals: {string.Join(", ", signals.Select(s => s.Id))}").ConfigureAwait(false);

        var all = new List<ExecutionResult>();

        all.AddRange(await RunPassAsync(
            "1. Dry-run gate ON (the default): nothing leaves the process",
            dryRun: true, signals, ftmo, apex, keys, stdout, cancellationToken).ConfigureAwait(false));

        all.AddRange(await RunPassAsync(
            "2. Live against the sandbox (EXECUTION_DRY_RUN=false)",
            dryRun: false, signals, ftmo, apex, keys, stdout, cancellationToken).ConfigureAwait(false));

        // The same signals delivered again, with faults injected: APEX takes the first order it is sent and
        // drops the connection before answering; FTMO answers 429 with Retry-After: 1 once.
        // Fresh task ids so the orders are new; then the originals again to show re-delivery is harmless.
        ExecutionTask[] faulty = [.. signals.Select(s => s with { Id = s.Id + "-retry-demo" })];
        apex.EnqueueFault(SandboxFault.AcceptThenDrop());
        ftmo.EnqueueFault(SandboxFault.Status(429, retryAfter: TimeSpan.FromSeconds(1)));
        all.AddRange(await RunPassAsync(
            "3. Live with faults: APEX drops the connection after taking the order, FTMO answers 429 once",
            dryRun: false, faulty, ftmo, apex, keys, stdout, cancellationToken).ConfigureAwait(false));

        int ordersBefore = ftmo.Orders.Count + apex.Orders.Count;
        all.AddRange(await RunPassAsync(
            "4. Pass 2's signals delivered again (same task ids): the firms return the first orders",
            dryRun: false, signals, ftmo, apex, keys, stdout, cancellationToken).ConfigureAwait(false));
        int ordersAfter = ftmo.Orders.Count + apex.Orders.Count;

        (IReadOnlyList<ExecutionResult> trading, bool flat) = await TradingDemo.RunAsync(ftmo, apex, keys, stdout, cancellationToken).ConfigureAwait(false);
        all.AddRange(trading);

        int duplicates = ftmo.Orders.Concat(apex.Orders).GroupBy(o => o.ClientOrderId).Count(g => g.Count() > 1);
        await stdout.WriteLineAsync().ConfigureAwait(false);
        await stdout.WriteLineAsync($"Orders held by the sandbox: FTMO {ftmo.Orders.Count}, APEX {apex.Orders.Count}; " +
            $"orders created by the re-delivery: {ordersAfter - ordersBefore}; client_order_ids held more than once: {duplicates}.").ConfigureAwait(false);

        string path = Path.GetFullPath(outputPath ?? DefaultOutput);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = new StringBuilder();
        foreach (ExecutionResult result in all)
        {
            lines.Append(ExecutionJson.Serialize(result)).Append('\n');
        }

        await File.WriteAllTextAsync(path, lines.ToString(), cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Wrote {all.Count} execution results as JSON lines to {path}").ConfigureAwait(false);
        return duplicates == 0 && ordersAfter == ordersBefore && flat ? SampleCommandLine.ExitOk : SampleCommandLine.ExitFailure;
    }

    internal static async Task<IReadOnlyList<ExecutionResult>> RunPassAsync(
        string title,
        bool dryRun,
        IReadOnlyList<ExecutionTask> signals,
        SandboxFirm.SandboxFirm ftmo,
        SandboxFirm.SandboxFirm apex,
        IReadOnlyDictionary<string, string> keys,
        TextWriter stdout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        using IHost host = BuildHost(dryRun, ftmo, apex, keys, settings);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        IExecutionRouter router = host.Services.GetRequiredService<IExecutionRouter>();

        var results = new List<ExecutionResult>(signals.Count);
        foreach (ExecutionTask signal in signals)
        {
            results.Add(await router.ExecuteAsync(signal, cancellationToken).ConfigureAwait(false));
        }

        await host.StopAsync(cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync().ConfigureAwait(false);
        await stdout.WriteLineAsync(title).ConfigureAwait(false);
        await stdout.WriteLineAsync(ResultTable.Format(results)).ConfigureAwait(false);
        return results;
    }

    private static IHost BuildHost(bool dryRun, SandboxFirm.SandboxFirm ftmo, SandboxFirm.SandboxFirm apex, IReadOnlyDictionary<string, string> keys, IReadOnlyDictionary<string, string?>? settings)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Services.AddSingleton<IHostLifetime, CommandHostLifetime>();

        // The embedded default: the same flat variables a deployment sets (CONTRACT §8), pointing at the sandbox.
        // FTMO names the Nasdaq CFD US100.cash; the demo also lists NQ for FTMO so that one signal goes to both firms.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EXECUTION_DRY_RUN"] = dryRun ? "true" : "false",
            ["FTMO_ENABLED"] = "true",
            ["FTMO_API_KEY"] = keys[FtmoFirm.Code],
            ["FTMO_BASE_URL"] = ftmo.BaseUrl.ToString(),
            ["FTMO_SUPPORTED_SYMBOLS"] = string.Join(',', FtmoFirm.DefaultSymbols.Append("NQ")),
            ["APEX_ENABLED"] = "true",
            ["APEX_API_KEY"] = keys[ApexFirm.Code],
            ["APEX_BASE_URL"] = apex.BaseUrl.ToString(),
            // Apex prohibits automated trading (CONTRACT §13 rule 2): live entries need the trader to accept that risk.
            ["PropConnectors:Firms:APEX:AcknowledgeAutomationPolicy"] = "true",
            ["PropConnectors:Firms:FTMO:RetryDelay"] = "00:00:00.100",
            ["PropConnectors:Firms:APEX:RetryDelay"] = "00:00:00.100",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddPropConnectors().AddFtmo().AddApex().AddRouting();
        return builder.Build();
    }

    internal static List<ExecutionTask> LoadSignals(string prefix)
    {
        Assembly assembly = typeof(DemoCommand).Assembly;
        var tasks = new List<ExecutionTask>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new MemoryStream();
            stream.CopyTo(reader);
            tasks.Add(ExecutionJson.Parse(reader.ToArray()));
        }

        return tasks;
    }
}
