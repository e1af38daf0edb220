using System.Text;

namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>The rows of one sample file before they are ordered by time and written.</summary>
internal sealed class SampleTable(LogTypeSchema schema)
{
    private readonly List<(DateTimeOffset Time, string[] Values, string[] Incidents)> _rows = [];

    public LogTypeSchema Schema => schema;

    public void Add(DateTimeOffset time, string[] values, params string[] incidents)
    {
        if (values.Length != schema.Fields.Count)
        {
            throw new ArgumentException($"{schema.LogType}: {values.Length} values for {schema.Fields.Count} columns", nameof(values));
        }

        _rows.Add((time, values, incidents));
    }

    /// <summary>Writes the file ordered by time (ties keep insertion order); returns the row numbers of each incident.</summary>
    public Dictionary<string, List<long>> Write(string directory)
    {
        var rowsByIncident = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var csv = new StringBuilder();
        AppendRecord(csv, schema.Header);
        long number = 0;
        foreach (var row in _rows.OrderBy(r => r.Time))
        {
            number++;
            AppendRecord(csv, row.Values);
            foreach (var incident in row.Incidents)
            {
                if (!rowsByIncident.TryGetValue(incident, out var rows))
                {
                    rows = [];
                    rowsByIncident[incident] = rows;
                }

                rows.Add(number);
            }
        }

        File.WriteAllText(Path.Combine(directory, schema.LogType + ".csv"), csv.ToString(), new UTF8Encoding(false));
        return rowsByIncident;
    }

    // RFC 4180: quote a field holding a comma, a quote or a line break, doubling its quotes; records end with LF.
    private static void AppendRecord(StringBuilder csv, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var value = values[i];
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                csv.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                csv.Append(value);
            }
        }

        csv.Append('\n');
    }
}
