using System.Diagnostics;
using System.Text;

namespace PropConnectors.Packaging.Tests;

/// <summary>Runs the dotnet CLI (the one running this test) as a child process, with a time limit.</summary>
internal static class DotnetCli
{
    /// <summary>The dotnet host that runs the tests, so the child uses the same SDK.</summary>
    public static string Host { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dotnet {arguments}</c> in <paramref name="workingDirectory"/>; returns the exit code and the combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The child must see neither the test host's MSBuild state nor settings that would change what it proves
        // (the dry-run gate, firm settings from the machine's environment).
        foreach (string name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("EXECUTION_", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("FTMO_", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("APEX_", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith("PropConnectors__", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"[killed: dotnet {string.Join(' ', arguments)} ran longer than {timeout}]");
            return (-1, Text(output));
        }

        process.WaitForExit(); // drains the asynchronous output readers
        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
