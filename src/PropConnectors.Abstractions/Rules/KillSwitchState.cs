namespace PropConnectors.Rules;

/// <summary>The kill switch (CONTRACT §13 rule 1): what may still be sent. Global, per firm and per account; the strictest wins.</summary>
public enum KillSwitchState
{
    /// <summary>Everything may be sent.</summary>
    Active = 0,

    /// <summary>Entries are refused; exits, flattens and cancels pass.</summary>
    ReduceOnly = 1,

    /// <summary>Entries and exits are refused; flattens and cancels pass.</summary>
    Halted = 2,
}
