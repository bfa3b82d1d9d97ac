using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>The run mode, set by <c>Program</c> before BenchmarkDotNet reads the configs.</summary>
internal static class BenchmarkSettings
{
    /// <summary>
    /// <c>--quick</c>: every benchmark runs briefly, in process (no separate build), so that CI proves they still run.
    /// No figure from a quick run means anything.
    /// </summary>
    public static bool Quick { get; set; }

    /// <summary>The quick job: one warmup and three short iterations, in process.</summary>
    public static Job QuickJob(string id) => Job.Default
        .WithId(id)
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100));
}

/// <summary>Settings shared by every benchmark class: the allocation report, and the quick job in <c>--quick</c> mode.</summary>
public abstract class BenchmarkConfigBase : ManualConfig
{
    /// <summary>Creates the config with <paramref name="full"/> as the job of a real run.</summary>
    /// <param name="full">The job of a real (non-quick) run.</param>
    protected BenchmarkConfigBase(Job full)
    {
        ArgumentNullException.ThrowIfNull(full);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
        AddJob(BenchmarkSettings.Quick ? BenchmarkSettings.QuickJob(full.Id) : full);
    }
}

/// <summary>
/// Loopback round trips (about 40 to 60 us): three process launches of 15 iterations each, so that a burst of other work on
/// this shared machine lands on a part of each benchmark's samples rather than on one benchmark; compare medians. As in
/// <c>--interleaved</c>, the benchmark process pins itself to the first processor it may use and its firm
/// (<see cref="FirmServerProcess"/>) to the second (<see cref="PinnedLayout"/>); with one processor, neither is pinned.
/// </summary>
public sealed class LatencyConfig : BenchmarkConfigBase
{
    /// <summary>The variable that tells a benchmark process its layout: <c>host,firm</c> processor numbers.</summary>
    public const string LayoutVariable = "PROPCONNECTORS_BENCH_CPUS";

    /// <summary>Creates the config.</summary>
    public LatencyConfig()
        : base(WithLayout(Job.Default.WithId("Latency").WithLaunchCount(3).WithWarmupCount(5).WithIterationCount(15)))
    {
    }

    /// <summary>
    /// The processors of this benchmark process and its firm, from <see cref="LayoutVariable"/>, or <see langword="null"/>.
    /// The process pins itself after it has started (not with BenchmarkDotNet's affinity, which is set as the process
    /// starts: a runtime that starts on one processor runs in its one-processor mode, where the JIT's tiering waits).
    /// </summary>
    public static (int Host, int Firm)? PinnedLayout()
    {
        string[]? parts = Environment.GetEnvironmentVariable(LayoutVariable)?.Split(',');
        return parts is [string host, string firm]
            && int.TryParse(host, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int h)
            && int.TryParse(firm, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int f)
            ? (h, f)
            : null;
    }

    private static Job WithLayout(Job job) => !BenchmarkSettings.Quick && Cpus.HostAndFirm() is { } cpus
        ? job.WithEnvironmentVariable(LayoutVariable, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{cpus.Host},{cpus.Firm}"))
        : job;
}

/// <summary>Fan-out against a firm that answers after 50 ms: each iteration holds about ten tasks.</summary>
public sealed class FanOutConfig : BenchmarkConfigBase
{
    /// <summary>Creates the config.</summary>
    public FanOutConfig()
        : base(Job.Default.WithId("FanOut").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15))
    {
    }
}

/// <summary>
/// CPU-bound work on ONE core: every benchmark under this config is a single-threaded, synchronous loop, so one core
/// does all its work; ops/s = 1e9 / mean ns. The process is neither pinned nor told it has one processor: on this
/// shared two-core VM a pinned process waits whenever another process runs on its CPU, and the runtime's
/// one-processor mode is measured on its own (<see cref="OneProcessorJob"/>).
/// </summary>
public sealed class OneCoreConfig : BenchmarkConfigBase
{
    /// <summary>Creates the config.</summary>
    public OneCoreConfig()
        : base(Job.Default.WithId("OneCore").WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(20))
    {
    }

    /// <summary>
    /// The same loop with the runtime told it has one processor (<c>DOTNET_PROCESSOR_COUNT=1</c>, as in a one-CPU
    /// container): workstation non-concurrent GC, no spinning, one-core thread pool.
    /// </summary>
    public static Job OneProcessorJob { get; } = Job.Default
        .WithId("OneProcessor")
        .WithEnvironmentVariable("DOTNET_PROCESSOR_COUNT", "1")
        .WithGcConcurrent(false)
        .WithLaunchCount(1)
        .WithWarmupCount(5)
        .WithIterationCount(20);

    /// <summary>
    /// <see cref="OneProcessorJob"/> with the runtime's call-counting delay off (<c>DOTNET_TC_CallCountingDelayMs=0</c>).
    /// On one processor the tiered JIT's background promotion of the hot path (tier 0, instrumented, tier 1) shares the
    /// CPU with the loop and the 100 ms delay restarts with every method it rejits, so the loop runs unoptimized code for
    /// many seconds; this job shows what the same work costs once it is optimized.
    /// </summary>
    public static Job OneProcessorPromptTieringJob { get; } = OneProcessorJob
        .WithEnvironmentVariable("DOTNET_TC_CallCountingDelayMs", "0")
        .WithId("OneProcessorPromptTiering");
}

/// <summary><see cref="OneCoreConfig"/> plus <see cref="OneCoreConfig.OneProcessorJob"/> and <see cref="OneCoreConfig.OneProcessorPromptTieringJob"/> (not in <c>--quick</c> mode).</summary>
public sealed class OneCoreAndOneProcessorConfig : BenchmarkConfigBase
{
    /// <summary>Creates the config.</summary>
    public OneCoreAndOneProcessorConfig()
        : base(new OneCoreConfig().GetJobs().Single())
    {
        if (!BenchmarkSettings.Quick)
        {
            AddJob(OneCoreConfig.OneProcessorJob);
            AddJob(OneCoreConfig.OneProcessorPromptTieringJob);
        }
    }
}
