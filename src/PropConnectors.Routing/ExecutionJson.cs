using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using PropConnectors.Routing.Serialization;

namespace PropConnectors.Routing;

/// <summary>
/// Reads execution tasks and writes execution results as the JSON of CONTRACT §1 and §7, with
/// source-generated System.Text.Json (no reflection).
/// </summary>
public static class ExecutionJson
{
    /// <summary>Reads an execution task from JSON text.</summary>
    /// <param name="json">The task as JSON (CONTRACT §1).</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not JSON, or not a task (no <c>id</c>, wrong types); the message says what is wrong and where, and the <see cref="JsonException"/> is the inner exception.</exception>
    public static ExecutionTask Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads an execution task from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The task as UTF-8 JSON (CONTRACT §1).</param>
    /// <returns>The task.</returns>
    /// <exception cref="FormatException">The bytes are not JSON, or not a task; the <see cref="JsonException"/> is the inner exception.</exception>
    public static ExecutionTask Parse(ReadOnlySpan<byte> utf8Json) =>
        TryParse(utf8Json, out ExecutionTask? task, out JsonException? error)
            ? task
            : throw new FormatException("The execution task is not valid: " + error.Message, error);

    /// <summary>Reads an execution task from a UTF-8 JSON stream (for example a webhook request body).</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The stream is not JSON, or not a task; the <see cref="JsonException"/> is the inner exception.</exception>
    public static async ValueTask<ExecutionTask> ParseAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        try
        {
            return await JsonSerializer.DeserializeAsync(utf8Json, RoutingJsonContext.Default.ExecutionTask, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("The execution task is null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException("The execution task is not valid: " + ex.Message, ex);
        }
    }

    /// <summary>Tries to read an execution task from UTF-8 JSON; never throws on bad input.</summary>
    /// <param name="utf8Json">The task as UTF-8 JSON.</param>
    /// <param name="task">The task, when it could be read.</param>
    /// <param name="error">What is wrong, when it could not (for example to answer a webhook with 400).</param>
    /// <returns><see langword="true"/> when <paramref name="task"/> was read.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ExecutionTask? task, [NotNullWhen(false)] out string? error)
    {
        bool ok = TryParse(utf8Json, out task, out JsonException? exception);
        error = exception?.Message;
        return ok;
    }

    /// <summary>Writes an execution result as CONTRACT §7 JSON.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public static string Serialize(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, RoutingJsonContext.Default.ExecutionResult);
    }

    /// <summary>Writes an execution result as CONTRACT §7 UTF-8 JSON.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is <see langword="null"/>.</exception>
    public static byte[] SerializeToUtf8Bytes(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.SerializeToUtf8Bytes(result, RoutingJsonContext.Default.ExecutionResult);
    }

    /// <summary>Writes an execution task as CONTRACT §1 JSON (<c>id</c> as a string).</summary>
    /// <param name="task">The task.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    public static string Serialize(ExecutionTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return JsonSerializer.Serialize(task, RoutingJsonContext.Default.ExecutionTask);
    }

    /// <summary>Reads an execution result written by <see cref="Serialize(ExecutionResult)"/>.</summary>
    /// <param name="json">The result as JSON.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not an execution result; the <see cref="JsonException"/> is the inner exception.</exception>
    public static ExecutionResult ParseResult(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, RoutingJsonContext.Default.ExecutionResult)
                ?? throw new JsonException("The execution result is null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException("The execution result is not valid: " + ex.Message, ex);
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ExecutionTask? task, [NotNullWhen(false)] out JsonException? error)
    {
        // The reader directly, not the serializer: the hot path of a webhook host. Same converter, same rules.
        // The reader does not check that text is UTF-8 until a string is decoded; a task is checked whole, here, once.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            task = null;
            error = new JsonException("The execution task is not valid UTF-8 text.");
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read())
            {
                throw new JsonException("The execution task is empty.");
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                throw new JsonException("The execution task is null.");
            }

            task = ExecutionTaskJsonConverter.ReadTask(ref reader);
            if (reader.Read())
            {
                throw new JsonException("The execution task has content after its closing brace.");
            }

            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            task = null;
            error = ex;
            return false;
        }
    }
}
