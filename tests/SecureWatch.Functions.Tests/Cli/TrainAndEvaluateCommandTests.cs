using System.Text.Json;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Scoring;

namespace SecureWatch.Functions.Tests.Cli;

public sealed class TrainAndEvaluateCommandTests(TrainedSyntheticModels models) : IClassFixture<TrainedSyntheticModels>
{
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Cli", "Fixtures", "evaluate-fixture.txt");

    [Fact]
    public void TrainWritesBothModelFilesAndReportsLeaveAttackTypeOutFolds()
    {
        using var report = JsonDocument.Parse(models.TrainOutput);
        var root = report.RootElement;

        Assert.Equal("kdd41", root.GetProperty("feature_set").GetString());
        var version = root.GetProperty("model_version").GetString();
        Assert.Equal(version, ThreatModelLoader.LoadDirectory(models.ModelDirectory).ModelsFor(KddFeatureSet.Kdd41).ModelVersion);
        var folds = root.GetProperty("leave_attack_type_out").GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal(4, folds.Count);
        Assert.Contains(folds, f => f.GetProperty("held_out")[0].GetString() == "neptune");
        Assert.True(File.Exists(Path.Combine(models.ModelDirectory, "kdd41-threat-detector.swm")));
        Assert.True(File.Exists(Path.Combine(models.ModelDirectory, "kdd41-attack-classifier.swm")));
    }

    [Fact]
    public async Task TrainWithTheSameSeedWritesByteIdenticalFiles()
    {
        var again = Path.Combine(models.Directory, "again");

        var (exitCode, _, _) = await CommandRunner.RunAsync(
            "train", "--data", models.TrainingFile, "--feature-set", "kdd41", "--out", again, "--seed", "3");

        Assert.Equal(0, exitCode);
        foreach (var file in (string[])["kdd41-threat-detector.swm", "kdd41-attack-classifier.swm"])
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(models.ModelDirectory, file)), File.ReadAllBytes(Path.Combine(again, file)));
        }
    }

    [Fact]
    public async Task EvaluatePrintsExactlyTheExpectedMetricsForTheFixture()
    {
        var (exitCode, output, _) = await CommandRunner.RunAsync("evaluate", "--data", Fixture, "--models", models.ModelDirectory);

        Assert.Equal(0, exitCode);
        var version = ThreatModelLoader.LoadDirectory(models.ModelDirectory).ModelsFor(KddFeatureSet.Kdd41).ModelVersion;
        Assert.Equal(ExpectedEvaluation.Replace("{version}", version, StringComparison.Ordinal), output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task EvaluateWithoutDataFailsWithAUsageError()
    {
        var (exitCode, _, error) = await CommandRunner.RunAsync("evaluate", "--models", models.ModelDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--data", error, StringComparison.Ordinal);
    }

    // Every fixture row is of a type the synthetic training file separates plainly (mscan, a probe type absent
    // from training, looks like ipsweep), so the only non-trivial content is the unknown label.
    private const string ExpectedEvaluation = """
        {
          "feature_set": "kdd41",
          "model_version": "{version}",
          "total_rows": 10,
          "rows": 9,
          "binary_accuracy": 1,
          "category_accuracy": 1,
          "macro_f1": 1,
          "per_class_recall": {
            "normal": 1,
            "dos": 1,
            "probe": 1,
            "r2l": 1,
            "u2r": 1
          },
          "confusion_labels": [
            "normal",
            "dos",
            "probe",
            "r2l",
            "u2r"
          ],
          "confusion_matrix": [
            [
              3,
              0,
              0,
              0,
              0
            ],
            [
              0,
              2,
              0,
              0,
              0
            ],
            [
              0,
              0,
              2,
              0,
              0
            ],
            [
              0,
              0,
              0,
              1,
              0
            ],
            [
              0,
              0,
              0,
              0,
              1
            ]
          ],
          "unknown_label_rows": 1,
          "unknown_labels": {
            "made_up_attack": 1
          }
        }

        """;
}
