namespace SecureWatch.Functions.Tests.Cli;

/// <summary>Trains kdd41 models once, through the train command, on a synthetic file; shared by the command tests.</summary>
public sealed class TrainedSyntheticModels : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("sw-cli-").FullName;

    public string TrainingFile => Path.Combine(Directory, "train.txt");

    public string ModelDirectory => Path.Combine(Directory, "models");

    public string TrainOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        SyntheticNslKdd.WriteTrainingFile(TrainingFile, rowsPerType: 60, seed: 5);
        var (exitCode, output, error) = await CommandRunner.RunAsync(
            "train", "--data", TrainingFile, "--feature-set", "kdd41", "--out", ModelDirectory, "--seed", "3");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"train failed ({exitCode}): {error}");
        }

        TrainOutput = output;
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
