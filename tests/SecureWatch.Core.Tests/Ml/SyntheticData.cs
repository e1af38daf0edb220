using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Tests.Ml;

/// <summary>Seeded synthetic problems whose correct answers are known by construction.</summary>
internal static class SyntheticData
{
    /// <summary>Label 1 exactly when x0 + x1 &gt; 1; x2 is noise.</summary>
    public static (TrainingMatrix Matrix, int[] Labels) LinearlySeparable(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 3];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            float x0, x1;
            do
            {
                x0 = random.NextSingle();
                x1 = random.NextSingle();
            }
            while (Math.Abs(x0 + x1 - 1) < 0.05f);

            values[r * 3] = x0;
            values[(r * 3) + 1] = x1;
            values[(r * 3) + 2] = random.NextSingle();
            labels[r] = x0 + x1 > 1 ? 1 : 0;
        }

        return (new TrainingMatrix(values, 3, [0, 0, 0]), labels);
    }

    /// <summary>Label 1 exactly when x0 and x1 are on different sides of 0.5: no single split helps.</summary>
    public static (TrainingMatrix Matrix, int[] Labels) Xor(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 2];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var x0 = random.NextSingle();
            var x1 = random.NextSingle();
            values[r * 2] = x0;
            values[(r * 2) + 1] = x1;
            labels[r] = (x0 > 0.5f) != (x1 > 0.5f) ? 1 : 0;
        }

        return (new TrainingMatrix(values, 2, [0, 0]), labels);
    }

    /// <summary>Three well separated clusters around (0,0), (5,0), (0,5).</summary>
    public static (TrainingMatrix Matrix, int[] Labels) ThreeBlobs(int rows, int seed)
    {
        var random = new Random(seed);
        var centres = new (float X, float Y)[] { (0, 0), (5, 0), (0, 5) };
        var values = new float[rows * 2];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var c = r % 3;
            values[r * 2] = centres[c].X + (random.NextSingle() - 0.5f);
            values[(r * 2) + 1] = centres[c].Y + (random.NextSingle() - 0.5f);
            labels[r] = c;
        }

        return (new TrainingMatrix(values, 2, [0, 0]), labels);
    }

    /// <summary>A categorical feature with 8 codes; label 1 exactly for codes {1, 4, 6}, which no threshold on the code isolates.</summary>
    public static (TrainingMatrix Matrix, int[] Labels) CategorySubset(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 2];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var code = random.Next(8);
            values[r * 2] = code;
            values[(r * 2) + 1] = random.NextSingle();
            labels[r] = code is 1 or 4 or 6 ? 1 : 0;
        }

        return (new TrainingMatrix(values, 2, [8, 0]), labels);
    }

    public static double Accuracy(GbdtModel model, TrainingMatrix matrix, int[] labels)
    {
        var correct = 0;
        Span<float> probabilities = stackalloc float[Math.Max(2, model.OutputCount)];
        for (var r = 0; r < matrix.RowCount; r++)
        {
            model.PredictProbabilities(matrix.Row(r), probabilities);
            var best = 0;
            for (var k = 1; k < probabilities.Length; k++)
            {
                if (probabilities[k] > probabilities[best])
                {
                    best = k;
                }
            }

            correct += best == labels[r] ? 1 : 0;
        }

        return (double)correct / matrix.RowCount;
    }
}
