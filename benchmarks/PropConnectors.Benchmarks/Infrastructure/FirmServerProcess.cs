using System.Diagnostics;
using System.Globalization;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// The <see cref="MinimalFirmServer"/> in a process of its own (this benchmark executable with <c>--serve</c>), as a real
/// firm is never in the host's process: its Kestrel threads and thread pool are its own, so the host's threads never run
/// the server's work items nor the server's the host's, and the SDK's extra CPU is not traded against the server's work
/// on the same pool. Pinned (<see cref="Cpus"/>), the host and the firm each have a core, as two machines would.
/// </summary>
internal sealed class FirmServerProcess : IAsyncDisposable
{
    /// <summary>
    /// Set by <see cref="RememberThisExecutable"/> to the benchmark executable, so that BenchmarkDotNet's generated
    /// benchmark processes (which inherit the environment but are other executables) start the server from it.
    /// </summary>
    public const string ExecutableVariable = "PROPCONNECTORS_BENCH_EXE";

    /// <summary>The benchmark assembly, when the executable is the <c>dotnet</c> host (<c>dotnet PropConnectors.Benchmarks.dll</c>).</summary>
    public const string AssemblyVariable = "PROPCONNECTORS_BENCH_DLL";

    /// <summary>Records how this benchmark process was started, for the server processes it and its children start.</summary>
    public static void RememberThisExecutable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ExecutableVariable)) || Environment.ProcessPath is not { } self)
        {
            return;
        }

        Environment.SetEnvironmentVariable(ExecutableVariable, self);
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            Environment.SetEnvironmentVariable(AssemblyVariable, typeof(FirmServerProcess).Assembly.Location);
        }
    }

    private readonly Process _process;

    private FirmServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL of the one firm, for example <c>http://127.0.0.1:5000/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts the server process and waits for its address.</summary>
    /// <param name="cpu">The processor to pin the server to, or <see langword="null"/>.</param>
    public static async Task<FirmServerProcess> StartAsync(int? cpu)
    {
        string executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path
            ? path
            : Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark executable is not known.");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Environment.GetEnvironmentVariable(AssemblyVariable) is { Length: > 0 } assembly)
        {
            start.ArgumentList.Add(assembly);
        }

        start.ArgumentList.Add("--serve");
        if (cpu is int n)
        {
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"cpu={n}"));
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("The firm server process did not start.");
        string? line = null;
        try
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        if (line is null || !Uri.TryCreate(line, UriKind.Absolute, out Uri? baseUrl))
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException("The firm server process printed no address within 30 s: " + line);
        }

        return new FirmServerProcess(process, baseUrl);
    }

    /// <summary><c>--serve [cpu=N]</c>: runs the server, prints its base URL, and stops when standard input closes.</summary>
    public static async Task<int> ServeAsync(IReadOnlyList<string> args)
    {
        if (Arguments.Number(args, "cpu=") is int cpu)
        {
            Cpus.Pin(cpu);
        }

        await using MinimalFirmServer server = await MinimalFirmServer.StartAsync().ConfigureAwait(false);
        Console.Out.WriteLine(server.BaseUrl);
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(exited.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}

/// <summary>Which processors the host and the firm run on when each gets a core of its own.</summary>
internal static class Cpus
{
    /// <summary>
    /// The first two processors this process may run on (host, firm), or <see langword="null"/> when it may run on fewer
    /// than two or the platform cannot pin.
    /// </summary>
    public static (int Host, int Firm)? HostAndFirm()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            long mask = Process.GetCurrentProcess().ProcessorAffinity;
            int[] cpus = [.. Enumerable.Range(0, 63).Where(i => (mask & (1L << i)) != 0).Take(2)];
            return cpus.Length == 2 ? (cpus[0], cpus[1]) : null;
        }

        return null;
    }

    /// <summary>The affinity mask that pins to <paramref name="cpu"/>.</summary>
    public static nint Mask(int cpu) => (nint)(1L << cpu);

    /// <summary>Pins this process to processor <paramref name="cpu"/>.</summary>
    public static void Pin(int cpu)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = Mask(cpu);
            return;
        }

        throw new PlatformNotSupportedException("Pinning to a processor needs Linux or Windows.");
    }
}

/// <summary>The harnesses' <c>name=N</c> arguments.</summary>
internal static class Arguments
{
    /// <summary>The number of the first argument <c>{prefix}N</c>, or <see langword="null"/>.</summary>
    public static int? Number(IReadOnlyList<string> args, string prefix) =>
        args.Select(a => a.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(a.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : (int?)null)
            .FirstOrDefault(n => n is not null);
}
