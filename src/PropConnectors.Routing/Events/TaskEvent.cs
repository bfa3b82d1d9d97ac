namespace PropConnectors.Routing.Events;

/// <summary>What a task does at each account it goes to (CONTRACT §10), from its <c>event_type</c>.</summary>
internal enum TaskEvent
{
    /// <summary>The <c>event_type</c> is none of those below: the task is refused.</summary>
    Unknown,

    /// <summary>Opens or adds: the order of §2 (the default when <c>event_type</c> is absent).</summary>
    Entry,

    /// <summary>Reduces the open position in the symbol (alias <c>CLOSE</c>); never opens or reverses one.</summary>
    Exit,

    /// <summary>Cancels every working order and closes every position (in the symbol, when one is given).</summary>
    Flatten,

    /// <summary>Cancels the working orders (in the symbol, when one is given).</summary>
    Cancel,
}
