using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Ml.Training;

namespace SecureWatch.Benchmarks.Ml;

/// <summary>Benchmark input: real NSL-KDD rows for a model's feature set, or random rows over its vocabulary when the data set is absent.</summary>
internal static class NslKddRows
{
    public static float[] Load(FeatureSetModels models, int count)
    {
        var width = models.Vectorizer.Width;
        var file = FindDataFile();
        if (file is not null)
        {
            var records = NslKddReader.ReadFile(file).Take(count).ToList();
            var data = NslKddDataset.Create(records, models.Vectorizer, AttackCategoryMap.Default);
            return data.Matrix.Values;
        }

        var random = new Random(1);
        var rows = new float[count * width];
        for (var i = 0; i < rows.Length; i++)
        {
            var vocabulary = models.Vectorizer.Vocabularies[i % width];
            rows[i] = vocabulary is null ? random.Next(0, 2) == 0 ? 0 : random.NextSingle() * 255 : random.Next(vocabulary.Count);
        }

        return rows;
    }

    private static string? FindDataFile()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SECUREWATCH_NSLKDD_DIR");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = string.IsNullOrEmpty(fromEnvironment)
                ? Path.Combine(dir.FullName, "..", "shared", "datasets", "nsl-kdd", "KDDTrain+_20Percent.txt")
                : Path.Combine(fromEnvironment, "KDDTrain+_20Percent.txt");
            if (File.Exists(Path.Combine(dir.FullName, "SecureWatch.slnx")) || !string.IsNullOrEmpty(fromEnvironment))
            {
                return File.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
