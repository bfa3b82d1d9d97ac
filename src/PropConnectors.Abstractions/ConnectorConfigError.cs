using PropConnectors.Results;

namespace PropConnectors;

/// <summary>
/// A host mistake in how connectors are registered, found at start (for example two different
/// connectors registered under one firm code). A firm that is merely not configured is not an
/// error: it answers <see cref="ConnectorErrorCodes.ConnectorNotConfigured"/>.
/// </summary>
#pragma warning disable CA1710 // The name is the product's vocabulary (the original service's ConnectorConfigError).
public sealed class ConnectorConfigError : InvalidOperationException
#pragma warning restore CA1710
{
    /// <summary>Creates the error.</summary>
    public ConnectorConfigError()
    {
    }

    /// <summary>Creates the error with a message.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ConnectorConfigError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and a cause.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectorConfigError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
