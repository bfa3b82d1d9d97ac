namespace PropConnectors.Routing.Events;

/// <summary>Reads a task's <c>event_type</c>, in any case.</summary>
internal static class TaskEvents
{
    public static TaskEvent Parse(string? eventType)
    {
        if (string.IsNullOrWhiteSpace(eventType))
        {
            return TaskEvent.Entry;
        }

        return eventType.Trim().ToUpperInvariant() switch
        {
            "ENTRY" => TaskEvent.Entry,
            "EXIT" or "CLOSE" => TaskEvent.Exit,
            "FLATTEN" => TaskEvent.Flatten,
            "CANCEL" => TaskEvent.Cancel,
            _ => TaskEvent.Unknown,
        };
    }

    /// <summary>Why an <c>event_type</c> is refused, with a bounded echo of it.</summary>
    public static string Refusal(string eventType) =>
        $"event_type '{Payload.PayloadFields.Echo(eventType.Trim())}' is not ENTRY, EXIT, CLOSE, FLATTEN or CANCEL.";
}
