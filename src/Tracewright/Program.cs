using Tracewright.Cli;

return await TracewrightCli.RunAsync(args, Console.Out, Console.Error, TimeProvider.System, Environment.GetEnvironmentVariable);
