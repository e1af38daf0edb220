using SecureWatch.CaptureAgent.Cli;

return AgentCommandLine.Create(Console.Error).Parse(args).Invoke();
