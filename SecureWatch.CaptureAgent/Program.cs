using SecureWatch.CaptureAgent.Cli;

return await AgentCommandLine.Create(Console.Error).Parse(args).InvokeAsync();
