using PropConnectors.Sample;

return await SampleCommandLine.RunAsync(args, Console.Out, Console.Error, Console.OpenStandardInput()).ConfigureAwait(false);
