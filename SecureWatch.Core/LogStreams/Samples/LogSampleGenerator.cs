namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>
/// Writes the sample log files: one <c>&lt;topic&gt;.csv</c> per log topic with the columns of
/// <see cref="LogTypeSchemas"/>, background activity plus planted incidents, and <c>incidents.json</c> naming the rows
/// of each incident and the rule that should catch it. The same seed gives the same bytes.
/// </summary>
public static class LogSampleGenerator
{
    /// <summary>The seed of the committed files under SecureWatch.Core/LogStreams/Samples/data.</summary>
    public const int DefaultSeed = 20240108;

    public const string IncidentsFileName = "incidents.json";

    public static void Write(string directory, int seed = DefaultSeed) => throw new NotImplementedException(directory + seed);
}
