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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

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

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the sample host did not exit within {Patience.TotalSeconds} s; stderr so far: {await stderr}");
        }

        return new ProcessOutcome(process.ExitCode, await stdout, await stderr);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
