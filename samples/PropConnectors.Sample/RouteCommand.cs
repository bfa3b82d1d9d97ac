using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropConnectors.Routing;
using PropConnectors.Sample.Hosting;

namespace PropConnectors.Sample;

/// <summary>
/// <c>route --task FILE|-</c>: routes one task with the real configuration and prints only the CONTRACT §7
/// result JSON on standard output; logs go to standard error.
/// </summary>
internal static class RouteCommand
{
    public static async Task<int> RunAsync(string taskPath, TextWriter stdout, TextWriter stderr, Stream stdin, CancellationToken cancellationToken)
    {
        byte[] json;
        try
        {
            json = taskPath == "-"
                ? await ReadAllAsync(stdin, cancellationToken).ConfigureAwait(false)
                : await File.ReadAllBytesAsync(taskPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await stderr.WriteLineAsync($"error: cannot read the task from '{taskPath}': {ex.Message}").ConfigureAwait(false);
            return SampleCommandLine.ExitUsage;
        }

        if (!ExecutionJson.TryParse(json, out ExecutionTask? task, out string? error))
        {
            await stderr.WriteLineAsync($"error: '{taskPath}' is not a valid execution task: {error}").ConfigureAwait(false);
            return SampleCommandLine.ExitUsage;
        }

        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton<IHostLifetime, CommandHostLifetime>();
        builder.Services.AddPropConnectors().AddFtmo().AddApex().AddRouting();

        using IHost host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            IExecutionRouter router = host.Services.GetRequiredService<IExecutionRouter>();
            ExecutionResult result;
            try
            {
                result = await router.ExecuteAsync(task, cancellationToken).ConfigureAwait(false);
            }
            catch (ExecutionInterruptedException interrupted) when (interrupted.Result is not null)
            {
                // Stopped under an order: what is known is still the result; a firm that had not answered is UNKNOWN.
                await stderr.WriteLineAsync("interrupted: look up every UNKNOWN firm by its client_order_id before routing the task again.").ConfigureAwait(false);
                result = interrupted.Result;
            }

            await stdout.WriteLineAsync(ExecutionJson.Serialize(result)).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return SampleCommandLine.ExitOk;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
