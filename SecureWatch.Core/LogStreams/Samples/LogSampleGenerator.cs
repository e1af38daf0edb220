using System.Text.Json;

namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>
/// Writes the sample log files: one <c>&lt;topic&gt;.csv</c> per log topic with the columns of
/// <see cref="LogTypeSchemas"/>, background activity of one working day (Monday 8 January 2024, UTC) plus planted
/// incidents, and <c>incidents.json</c> naming the rows of each incident and the rule that should catch it. The same
/// seed gives the same bytes.
/// </summary>
public static class LogSampleGenerator
{
    /// <summary>The seed of the committed files under SecureWatch.Core/LogStreams/Samples/data.</summary>
    public const int DefaultSeed = 20240108;

    public const string IncidentsFileName = "incidents.json";

    /// <summary>Where the committed samples sit relative to the repository root (and, copied, to the app base).</summary>
    public const string DataDirectory = "SecureWatch.Core/LogStreams/Samples/data";

    public static void Write(string directory, int seed = DefaultSeed)
    {
        Directory.CreateDirectory(directory);
        var context = new SampleContext(seed);
        var users = CertSamples.Users(context, 80);
        SampleTable[] tables =
        [
            AttackSamples.CybersecurityAttacks(context),
            NetworkSamples.Netflow(context),
            CertSamples.Device(context, users),
            HostEventSamples.HostEvent(context, users),
            CertSamples.Http(context, users),
            CertSamples.Logon(context, users),
            NetworkSamples.WebServer(context),
        ];

        var rows = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var (incident, numbers) in table.Write(directory))
            {
                rows[incident] = numbers;
            }
        }

        var incidents = context.Incidents
            .Select(i => new LogSampleIncident(i.Id, i.Rule, i.Topic, i.KeyValue,
                i.Expected == SampleContext.EveryRow ? rows[i.Id].Count : i.Expected, rows[i.Id]))
            .ToList();
        WriteIncidents(Path.Combine(directory, IncidentsFileName), seed, incidents);
    }

    /// <summary>Reads an <c>incidents.json</c> written by <see cref="Write"/>.</summary>
    public static IReadOnlyList<LogSampleIncident> ReadIncidents(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("incidents").EnumerateArray()
            .Select(e => new LogSampleIncident(
                e.GetProperty("id").GetString()!, e.GetProperty("rule").GetString()!, e.GetProperty("topic").GetString()!,
                e.GetProperty("key_value").GetString()!, e.GetProperty("expected_matches").GetInt32(),
                e.GetProperty("rows").EnumerateArray().Select(r => r.GetInt64()).ToArray()))
            .ToList();
    }

    private static void WriteIncidents(string path, int seed, IReadOnlyList<LogSampleIncident> incidents)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("seed", seed);
        json.WriteString("description",
            "Incidents planted by LogSampleGenerator: rows are 1-based data rows (header excluded) of the topic file; expected_matches is what the rule reports on them.");
        json.WriteStartArray("incidents");
        foreach (var incident in incidents)
        {
            json.WriteStartObject();
            json.WriteString("id", incident.Id);
            json.WriteString("rule", incident.Rule);
            json.WriteString("topic", incident.Topic);
            json.WriteString("key_value", incident.KeyValue);
            json.WriteNumber("expected_matches", incident.ExpectedMatches);
            json.WriteStartArray("rows");
            foreach (var row in incident.Rows)
            {
                json.WriteNumberValue(row);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
