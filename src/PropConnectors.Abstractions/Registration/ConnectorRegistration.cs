namespace PropConnectors.Registration;

/// <summary>One connector registration: a firm code and the connector type that serves it.</summary>
internal sealed record ConnectorRegistration(string FirmCode, Type ConnectorType, PropFirmProfile Profile);
