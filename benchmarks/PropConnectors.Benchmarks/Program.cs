using System.Text.Json;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using PropConnectors.Benchmarks.Infrastructure;

namespace PropConnectors.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/PropConnectors.Benchmarks -- --filter '*'</c> runs every benchmark
/// (BenchmarkDotNet's own arguments apply); <c>-- --quick</c> runs every benchmark briefly, in process, and exits
/// non-zero when one of them fails, for CI.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            Console.Error.WriteLine("Reflection-based System.Text.Json is enabled: build with JsonSerializerIsReflectionEnabledByDefault=false.");
            return 2;
        }

        // BenchmarkDotNet's benchmark processes are executables of its own making; they start the firm server from this one.
        FirmServerProcess.RememberThisExecutable();

        if (args.Length > 0 && args[0] == "--alloc-report")
        {
            return AllocationReport.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "--interleaved")
        {
            return InterleavedLatency.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "--serve")
        {
            return FirmServerProcess.ServeAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "--spin")
        {
            return ProfileSpin.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        var rest = new List<string>(args.Length + 2);
        foreach (string arg in args)
        {
            if (arg is "--quick" or "-quick")
            {
                BenchmarkSettings.Quick = true;
            }
            else
            {
                rest.Add(arg);
            }
        }

        // Without a filter BenchmarkDotNet asks on the console which benchmarks to run; CI has no console to answer.
        if (BenchmarkSettings.Quick && !rest.Exists(a => a is "--filter" or "-f"))
        {
            rest.AddRange(["--filter", "*"]);
        }

        Summary[] summaries = [.. BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest])];
        if (!BenchmarkSettings.Quick)
        {
            return 0;
        }

        // CI proves that every benchmark still runs: no timing is asserted, but a failure or an empty run is an error.
        int benchmarks = 0;
        var failures = new List<string>();
        foreach (Summary summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                failures.Add($"{summary.Title}: critical validation errors");
            }

            foreach (BenchmarkReport report in summary.Reports)
            {
                benchmarks++;
                if (!report.Success || report.ResultStatistics is null)
                {
                    failures.Add(report.BenchmarkCase.DisplayInfo);
                }
            }
        }

        if (benchmarks == 0)
        {
            failures.Add("no benchmark ran");
        }

        Console.WriteLine();
        Console.WriteLine($"--quick: {benchmarks} benchmarks ran, {failures.Count} failed; log lines formatted {FormattingSinkLoggerProvider.Messages}, metric measurements {MetricsSink.Measurements}.");
        foreach (string failure in failures)
        {
            Console.WriteLine("FAILED: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }
}
