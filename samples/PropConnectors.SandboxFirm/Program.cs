using System.Runtime.InteropServices;
using PropConnectors.SandboxFirm.Internal;

namespace PropConnectors.SandboxFirm;

/// <summary>The standalone sandbox firm: <c>dotnet run --project samples/PropConnectors.SandboxFirm -- --help</c>.</summary>
internal static class Program
{
    private const string Name = "sandbox-firm";

    public static async Task<int> Main(string[] args)
    {
        if (!SandboxCommandLine.TryParse(args, out var commandLine, out var error))
        {
            await Console.Error.WriteLineAsync($"{Name}: {error} (see --help)").ConfigureAwait(false);
            return 2;
        }

        if (commandLine.ShowHelp)
        {
            await Console.Out.WriteAsync(SandboxCommandLine.HelpText).ConfigureAwait(false);
            return 0;
        }

        SandboxFirmServer server;
        try
        {
            server = await SandboxFirmServer.StartAsync(new SandboxFirmServerOptions
            {
                Port = commandLine.Port,
                MinimumLogLevel = commandLine.LogLevel,
            }).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"{Name}: cannot listen on 127.0.0.1:{commandLine.Port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            foreach (var (code, apiKey) in commandLine.Firms)
            {
                server.AddFirm(code, apiKey);
            }

            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.TrySetResult();
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            Console.WriteLine($"PropConnectors sandbox firm listening on {server.BaseAddress}");
            foreach (var firm in server.Firms)
            {
                Console.WriteLine($"  {firm.Code,-8} {firm.BaseUrl}");
            }

            if (server.Firms.Count == 0)
            {
                Console.WriteLine("  (no firms yet: add one with --firm CODE=KEY or POST /_sandbox/firms/CODE)");
            }

            Console.WriteLine($"Control endpoint (no key, loopback only): {server.ControlUrl}firms");
            Console.WriteLine("Press Ctrl+C to stop.");

            await stop.Task.ConfigureAwait(false);
            Console.WriteLine("Stopping.");
        }

        return 0;
    }
}
