using System.Runtime.CompilerServices;

namespace SecureWatch.Core.Tests.LogStreams;

/// <summary>Files of SecureWatch.Core/LogStreams in the source tree.</summary>
internal static class LogStreamsPaths
{
    public static string Root([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../SecureWatch.Core/LogStreams"));

    public static string SampleData => Path.Combine(Root(), "Samples", "data");

    public static string EnvelopeSchema => Path.Combine(Root(), "log-envelope.schema.json");

    public static string DefaultRules => Path.Combine(Root(), "Rules", "default-log-rules.json");
}
