namespace SecureWatch.Core.Tests.Ml;

/// <summary>Locates the NSL-KDD files: SECUREWATCH_NSLKDD_DIR, else ../shared/datasets/nsl-kdd next to the repository.</summary>
internal static class NslKddData
{
    public const string TrainFileName = "KDDTrain+_20Percent.txt";

    public static string? Directory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("SECUREWATCH_NSLKDD_DIR");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SecureWatch.slnx")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets", "nsl-kdd"));
                }
            }

            return null;
        }
    }

    /// <summary>Why data-driven tests are skipped, or null when the training file is present.</summary>
    public static string? SkipReason => TrainFile is null
        ? $"NSL-KDD data not found (set SECUREWATCH_NSLKDD_DIR or place {TrainFileName} in ../shared/datasets/nsl-kdd)."
        : null;

    public static string? TrainFile =>
        Directory is { } dir && File.Exists(Path.Combine(dir, TrainFileName)) ? Path.Combine(dir, TrainFileName) : null;
}
