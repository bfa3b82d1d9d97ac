using Microsoft.Extensions.Logging;

namespace PropConnectors.Benchmarks.Infrastructure;

/// <summary>
/// A real logger provider that formats every message it is given, as a console or file sink does, and writes it
/// nowhere. Unlike <c>NullLoggerProvider</c> it does not short-circuit: <see cref="ILogger.IsEnabled"/> is true, so the
/// SDK's <c>[LoggerMessage]</c> calls, the state they capture and the message text are all paid for. Only the I/O is left out.
/// </summary>
internal sealed class FormattingSinkLoggerProvider : ILoggerProvider
{
    private static long s_messages;
    private static long s_characters;

    /// <summary>Messages formatted since the process started.</summary>
    public static long Messages => Interlocked.Read(ref s_messages);

    /// <summary>Characters formatted since the process started (keeps the text alive as far as the JIT can tell).</summary>
    public static long Characters => Interlocked.Read(ref s_characters);

    public ILogger CreateLogger(string categoryName) => SinkLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class SinkLogger : ILogger
    {
        public static readonly SinkLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string text = formatter(state, exception);
            Interlocked.Increment(ref s_messages);
            Interlocked.Add(ref s_characters, text.Length);
        }
    }
}
