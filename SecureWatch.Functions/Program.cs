using SecureWatch.Functions.Cli;

return await SecureWatchCommandLine.Create().Parse(args).InvokeAsync();
