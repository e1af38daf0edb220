namespace SecureWatch.Core.LogStreams;

/// <summary>
/// The columns of one log type, in CSV order: the only field names its rules may use, and the header of its sample
/// file. <see cref="TimeField"/> is the column holding the record's own time.
/// </summary>
public sealed class LogTypeSchema
{
    private readonly Dictionary<string, LogField> _byName;

    public LogTypeSchema(string logType, string timeField, IReadOnlyList<LogField> fields)
    {
        LogType = logType;
        Fields = fields;
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (!_byName.TryGetValue(timeField, out var time) || time.Kind != LogFieldKind.Timestamp)
        {
            throw new ArgumentException($"{logType}: time field {timeField} is not a timestamp column", nameof(timeField));
        }

        TimeField = timeField;
        Header = fields.Select(f => f.Name).ToArray();
    }

    public string LogType { get; }

    public string TimeField { get; }

    public IReadOnlyList<LogField> Fields { get; }

    /// <summary>The field names in CSV order.</summary>
    public IReadOnlyList<string> Header { get; }

    public bool TryGetField(string name, out LogField field) => _byName.TryGetValue(name, out field!);
}
