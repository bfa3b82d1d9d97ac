using System.Diagnostics;
using System.Reflection;

namespace PropConnectors.EndToEnd.Tests.Support;

/// <summary>What a finished process printed and returned.</summary>
internal sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs the sample host (samples/PropConnectors.Sample, built before this project by its ProjectReference) as a child
/// process: <c>dotnet PropConnectors.Sample.dll ...</c>, with an environment cleaned of anything that configures the SDK.
/// </summary>
internal static class SampleHostProcess
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Environment variables inherited from the test run that would change what the child does.</summary>
    private static readonly string[] InterferingPrefixes = ["FTMO_", "APEX_", "EXECUTION_DRY_RUN", "PropConnectors__", "PropConnectors:"];

    public static string DllPath { get; } = typeof(SampleHostProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleHostDll").Value!;

    public static async Task<ProcessOutcome> RunAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? standardInput = null,
        string? workingDirectory = null)
    {
        using RunningSample sample = Start(arguments, environment, standardInput, workingDirectory);
        return await sample.WaitAsync(Patience);
    }

    /// <summary>Starts the sample host and returns at once, for a test that signals it while it works.</summary>
    public static RunningSample Start(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? standardInput = null,
        string? workingDirectory = null)
    {
        Assert.That(DllPath, Does.Exist, "the sample host is built before this project (ProjectReference)");
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(DllPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string key in start.Environment.Keys.ToList())
        {
            if (InterferingPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(key);
            }
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        return new RunningSample(process, standardInput);
    }

    internal static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

/// <summary>A sample host process still running: signal it, then wait for what it printed.</summary>
internal sealed class RunningSample : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    public RunningSample(Process process, string? standardInput)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
    }

    /// <summary>Sends a POSIX signal (2 = SIGINT, 15 = SIGTERM) to the process, with the system's <c>kill</c>.</summary>
    public void Signal(int signal)
    {
        using Process kill = Process.Start("kill", ["-s", signal.ToString(System.Globalization.CultureInfo.InvariantCulture), _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.That(kill.WaitForExit(TimeSpan.FromSeconds(10)) && kill.ExitCode == 0, Is.True, $"kill -s {signal} {_process.Id}");
    }

    public async Task<ProcessOutcome> WaitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the sample host did not exit within {patience.TotalSeconds} s; stderr so far: {await _stderr}");
        }

        return new ProcessOutcome(_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
