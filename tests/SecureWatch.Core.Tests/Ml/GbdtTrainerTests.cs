using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Tests.Ml;

public sealed class GbdtTrainerTests
{
    private static readonly GbdtOptions Small = new() { Rounds = 60, MaxLeaves = 8, MaxDepth = 4, MinDataInLeaf = 5, LearningRate = 0.3 };

    [Fact]
    public void SeparatesLinearlySeparableDataItDidNotSee()
    {
        var (train, labels) = SyntheticData.LinearlySeparable(2000, seed: 1);
        var (test, testLabels) = SyntheticData.LinearlySeparable(1000, seed: 2);

        var model = GbdtTrainer.Train(train, labels, Small with { Rounds = 150 }).Model;

        Assert.True(SyntheticData.Accuracy(model, test, testLabels) >= 0.97);
    }

    [Fact]
    public void LearnsXorWhichNeedsInteractingSplits()
    {
        var (train, labels) = SyntheticData.Xor(2000, seed: 3);
        var (test, testLabels) = SyntheticData.Xor(1000, seed: 4);

        var model = GbdtTrainer.Train(train, labels, Small).Model;

        Assert.True(SyntheticData.Accuracy(model, test, testLabels) >= 0.98);
    }

    [Fact]
    public void SoftmaxModelSeparatesThreeClassesAndProbabilitiesSumToOne()
    {
        var (train, labels) = SyntheticData.ThreeBlobs(900, seed: 5);
        var (test, testLabels) = SyntheticData.ThreeBlobs(300, seed: 6);

        var model = GbdtTrainer.Train(train, labels, Small with { Objective = GbdtObjective.Multiclass, ClassCount = 3 }).Model;

        Assert.Equal(3, model.OutputCount);
        Assert.Equal(1.0, SyntheticData.Accuracy(model, test, testLabels));
        Span<float> probabilities = stackalloc float[3];
        model.PredictProbabilities(test.Row(0), probabilities);
        Assert.Equal(1f, probabilities[0] + probabilities[1] + probabilities[2], 4);
    }

    [Fact]
    public void CategoricalSplitIsolatesANonContiguousSubsetOfCategories()
    {
        var (train, labels) = SyntheticData.CategorySubset(2000, seed: 7);

        // One split per tree: only a native categorical split can separate {1, 4, 6} from the rest at once.
        var model = GbdtTrainer.Train(train, labels, Small with { MaxLeaves = 2, Rounds = 30 }).Model;

        for (var code = 0; code < 8; code++)
        {
            var p = model.PredictProbability([code, 0.5f]);
            Assert.Equal(code is 1 or 4 or 6, p > 0.5f);
        }
    }

    [Fact]
    public void UnseenAndMissingCategoryCodesScoreWithoutErrorAndGoWithTheRest()
    {
        var (train, labels) = SyntheticData.CategorySubset(2000, seed: 8);
        var model = GbdtTrainer.Train(train, labels, Small with { MaxLeaves = 2, Rounds = 30 }).Model;

        var rest = model.PredictProbability([0, 0.5f]);

        Assert.Equal(rest, model.PredictProbability([-1, 0.5f]));
        Assert.Equal(rest, model.PredictProbability([99, 0.5f]));
        Assert.Equal(rest, model.PredictProbability([float.NaN, 0.5f]));
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestRoundWhenValidationStopsImproving()
    {
        var (train, labels) = SyntheticData.Xor(1000, seed: 9);
        var noise = new Random(10);
        var (validation, _) = SyntheticData.Xor(500, seed: 11);
        var randomLabels = Enumerable.Range(0, 500).Select(_ => noise.Next(2)).ToArray();

        var result = GbdtTrainer.Train(
            train, labels, Small with { Rounds = 300, EarlyStoppingRounds = 10 }, validation: validation, validationLabels: randomLabels);

        Assert.True(result.BestRound < 50, $"kept {result.BestRound} rounds on labels that are pure noise");
        Assert.Equal(result.BestRound, result.Model.Rounds);
    }

    [Fact]
    public void BatchPredictionEqualsRowByRowPrediction()
    {
        var (train, labels) = SyntheticData.ThreeBlobs(600, seed: 12);
        var model = GbdtTrainer.Train(train, labels, Small with { Objective = GbdtObjective.Multiclass, ClassCount = 3 }).Model;
        var raw = new float[train.RowCount * 3];

        model.PredictRawBatch(train.Values, raw);

        Span<float> single = stackalloc float[3];
        for (var r = 0; r < train.RowCount; r += 37)
        {
            model.PredictRaw(train.Row(r), single);
            Assert.Equal(single.ToArray(), raw.AsSpan(r * 3, 3).ToArray());
        }
    }

    [Fact]
    public void RowSubsamplingAndLeafPenaltyChangeTheModel()
    {
        var (train, labels) = SyntheticData.Xor(1000, seed: 13);

        var plain = ModelBytes.Of(GbdtTrainer.Train(train, labels, Small).Model);
        var sampled = ModelBytes.Of(GbdtTrainer.Train(train, labels, Small with { RowSubsample = 0.5, FeatureSubsample = 0.5 }).Model);
        var penalised = ModelBytes.Of(GbdtTrainer.Train(train, labels, Small with { L2 = 100 }).Model);

        Assert.NotEqual(plain, sampled);
        Assert.NotEqual(plain, penalised);
    }
}
