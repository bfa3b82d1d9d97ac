using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace PropConnectors.Configuration;

/// <summary>Binds a configuration section onto <see cref="PropFirmOptions"/> without ever quoting a value: a key that does not convert is named as a configuration problem.</summary>
internal static class SectionBinder
{
    public static void Bind(IConfigurationSection section, PropFirmOptions options)
    {
        if (!section.Exists())
        {
            return;
        }

        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException)
        {
            // The binder's message quotes the offending value (which may be a secret pasted into the wrong key):
            // find the keys that do not convert and name those instead.
            int before = options.ConfigurationProblems.Count;
            foreach (IConfigurationSection child in section.GetChildren())
            {
                PropertyInfo? property = typeof(PropFirmOptions).GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is not { CanWrite: true })
                {
                    continue;
                }

                try
                {
                    _ = child.Get(property.PropertyType);
                }
                catch (InvalidOperationException)
                {
                    Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                    options.ConfigurationProblems.Add($"{child.Path} is not a valid {type.Name}.");
                }
            }

            if (options.ConfigurationProblems.Count == before)
            {
                options.ConfigurationProblems.Add($"{section.Path} could not be read.");
            }
        }
    }
}
