using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Ml.Training;

namespace SecureWatch.Core.Tests.Ml;

public sealed class ThreatModelTrainerTests
{
    private static readonly ThreatTrainingOptions Quick = new ThreatTrainingOptions() with
    {
        Detector = new ThreatTrainingOptions().Detector with { Rounds = 20 },
        Classifier = new ThreatTrainingOptions().Classifier with { Rounds = 15 },
        Anomaly = new() { Trees = 20, SampleSize = 128 },
    };

    [NslKddDataFact]
    public void PipelineTrainsHeader28ModelsThatSaveLoadAndReportLeaveAttackTypeOutFigures()
    {
        var records = NslKddReader.ReadFile(NslKddData.TrainFile!).Where((_, i) => i % 6 == 0).ToList();

        var result = ThreatModelTrainer.Train(records, KddFeatureSet.Header28, Quick);

        var report = result.Report;
        Assert.Single(result.Models.Detector.Anomaly.Forests);
        Assert.Contains(report.Folds, f => f.HeldOutTypes.SequenceEqual(["neptune"]));
        Assert.All(report.Folds, f => Assert.True(f.Rows > 0));
        Assert.InRange(report.NovelRecallCombined, report.NovelRecallClassifierAtHalf - 0.05, 1);
        Assert.True(report.Validation.BinaryAccuracy > 0.9, $"validation accuracy {report.Validation.BinaryAccuracy}");
        var directory = Directory.CreateTempSubdirectory("sw-models-").FullName;
        try
        {
            ThreatModelLoader.Save(result.Models, directory);
            var scorer = ThreatModelLoader.LoadDirectory(directory);
            Assert.False(scorer.Supports(KddFeatureSet.Kdd41));
            Assert.Equal(report.ModelVersion, scorer.ModelsFor(KddFeatureSet.Header28).ModelVersion);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [NslKddDataFact]
    public void SameSeedReproducesTheSameModelVersion()
    {
        var records = NslKddReader.ReadFile(NslKddData.TrainFile!).Where((_, i) => i % 10 == 0).ToList();
        var options = Quick with { LeaveAttackTypeOut = false };

        var firstResult = ThreatModelTrainer.Train(records, KddFeatureSet.Kdd41, options);
        var first = firstResult.Report.ModelVersion;
        var second = ThreatModelTrainer.Train(records, KddFeatureSet.Kdd41, options).Report.ModelVersion;
        var otherSeed = ThreatModelTrainer.Train(records, KddFeatureSet.Kdd41, options with { Seed = 7 }).Report.ModelVersion;

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.Equal(2, firstResult.Models.Detector.Anomaly.Forests.Count);
    }
}
