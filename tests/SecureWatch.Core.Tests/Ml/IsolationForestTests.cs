using SecureWatch.Core.Ml.Anomaly;
using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Tests.Ml;

public sealed class IsolationForestTests
{
    [Fact]
    public void PointsFarFromTheTrainingCloudScoreHigherThanPointsInsideIt()
    {
        var normals = Cloud(2000, seed: 31);

        var forest = IsolationForestTrainer.Train(normals, new IsolationForestOptions { Trees = 100, Seed = 1 });

        var inside = forest.Score([0.5f, 100f, 0]);
        var outside = forest.Score([5f, 100f, 0]);
        var hugeCounter = forest.Score([0.5f, 1_000_000f, 0]);
        Assert.True(inside < 0.5f, $"inside scored {inside}");
        Assert.True(outside > inside + 0.05f, $"outside {outside} vs inside {inside}");
        Assert.True(hugeCounter > inside + 0.05f, $"huge counter {hugeCounter} vs inside {inside}");
    }

    [Fact]
    public void ACategoryNeverSeenInNormalTrafficIsAnomalous()
    {
        var normals = Cloud(2000, seed: 32);
        var forest = IsolationForestTrainer.Train(normals, new IsolationForestOptions { Trees = 100 });

        Assert.True(forest.Score([0.5f, 100f, CategoricalUnseen]) > forest.Score([0.5f, 100f, 0]) + 0.1f);
        Assert.True(forest.Score([0.5f, 100f, 3]) > forest.Score([0.5f, 100f, 0]) + 0.1f);
    }

    [Fact]
    public void SameSeedGivesTheSameScores()
    {
        var normals = Cloud(500, seed: 33);
        var a = IsolationForestTrainer.Train(normals, new IsolationForestOptions { Trees = 20, Seed = 5 });
        var b = IsolationForestTrainer.Train(normals, new IsolationForestOptions { Trees = 20, Seed = 5 });
        var c = IsolationForestTrainer.Train(normals, new IsolationForestOptions { Trees = 20, Seed = 6 });

        float[] probe = [0.9f, 150f, 1];
        Assert.Equal(a.Score(probe), b.Score(probe));
        Assert.NotEqual(a.Score(probe), c.Score(probe));
    }

    [Fact]
    public void ForestRestrictedToSomeColumnsIgnoresTheOthersAndTheDetectorTakesTheHighestScore()
    {
        var normals = Cloud(1000, seed: 34);
        var firstColumnOnly = IsolationForestTrainer.Train(normals, new IsolationForestOptions { Trees = 50, Features = [0] });
        var all = IsolationForestTrainer.Train(normals, new IsolationForestOptions { Trees = 50 });
        var detector = new AnomalyDetector([all, firstColumnOnly]);
        float[] hugeCounter = [0.5f, 1_000_000f, 0];

        Assert.Equal(firstColumnOnly.Score([0.5f, 100f, 0]), firstColumnOnly.Score(hugeCounter));
        Assert.Equal(Math.Max(all.Score(hugeCounter), firstColumnOnly.Score(hugeCounter)), detector.Score(hugeCounter));
        var scores = new float[2];
        detector.ScoreBatch([.. hugeCounter, 0.5f, 100f, 0], scores);
        Assert.Equal(detector.Score(hugeCounter), scores[0]);
    }

    private const float CategoricalUnseen = -1f;

    /// <summary>x0 uniform in [0,1], x1 a counter around 100, x2 a category where code 0 is common, 1 rare, 3 never seen.</summary>
    private static TrainingMatrix Cloud(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 3];
        for (var r = 0; r < rows; r++)
        {
            values[r * 3] = random.NextSingle();
            values[(r * 3) + 1] = 80 + (random.NextSingle() * 40);
            values[(r * 3) + 2] = random.Next(100) < 95 ? 0 : 1;
        }

        return new TrainingMatrix(values, 3, [0, 0, 4]);
    }
}
