using System.Globalization;

namespace SecureWatch.Core.LogStreams;

/// <summary>
/// The timestamp spellings of the log streams: the envelope's and the netflow / attacks CSVs'
/// <c>yyyy-MM-dd HH:mm:ss</c>, the CERT insider-threat <c>MM/dd/yyyy HH:mm:ss</c>, the web server access log's
/// <c>dd/MMM/yyyy:HH:mm:ss zzz</c> and ISO 8601. A time without offset is UTC; a time with an offset keeps it, so the
/// hour of day a rule sees is the clock time the log wrote.
/// </summary>
public static class LogTimestamps
{
    /// <summary>How the envelope writer spells <c>timestamp</c>, as the design's producers do.</summary>
    public const string EnvelopeFormat = "yyyy-MM-dd HH:mm:ss";

    private static readonly string[] Formats =
    [
        EnvelopeFormat,
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "MM/dd/yyyy HH:mm:ss",
        "dd/MMM/yyyy:HH:mm:ss zzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
}
