namespace SecureWatch.Core.Ml.Data;

/// <summary>Reads NSL-KDD files: 41 comma-separated features, the label, optionally the difficulty; no header.</summary>
public static class NslKddReader
{
    public static List<NslKddRecord> ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    public static List<NslKddRecord> Read(TextReader reader)
    {
        var records = new List<NslKddRecord>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parts = line.Split(',');
            if (parts.Length is not (42 or 43))
            {
                throw new FormatException(
                    $"Line {lineNumber}: expected 41 features, a label and an optional difficulty, found {parts.Length} fields.");
            }

            int? difficulty = parts.Length == 43 && int.TryParse(parts[42], out var d) ? d : null;
            records.Add(new NslKddRecord(parts[..41], parts[41].Trim().TrimEnd('.'), difficulty));
        }

        return records;
    }
}
