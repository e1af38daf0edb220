using System.CommandLine;

namespace SecureWatch.Functions.Cli;

/// <summary>
/// One executable serves the API and hosts the pipeline (no command), and carries the operator commands
/// (train, evaluate, score, produce) so that they run exactly the code the service runs.
/// </summary>
public static class SecureWatchCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("SecureWatch: network-threat collection and scoring service.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        ServeCommand.Configure(root);
        foreach (var command in OperatorCommands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static IEnumerable<Command> OperatorCommands()
    {
        yield return TrainCommand.Create();
        yield return TrainBaselineCommand.Create();
        yield return EvaluateCommand.Create();
        yield return FunctionsManifestCommand.Create();
        yield return ScoreCommand.Create();
        yield return ProduceCommand.Create();
        yield return ProduceLogsCommand.Create();
    }
}
