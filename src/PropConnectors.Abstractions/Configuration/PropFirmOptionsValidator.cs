using Microsoft.Extensions.Options;

namespace PropConnectors.Configuration;

/// <summary>Field rules of <see cref="PropFirmOptions"/> (ranges), generated at compile time.</summary>
[OptionsValidator]
internal sealed partial class PropFirmOptionsFieldValidator : IValidateOptions<PropFirmOptions>;
