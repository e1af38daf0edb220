namespace SecureWatch.Core.LogStreams;

/// <summary>
/// Replays a <c>&lt;topic&gt;.csv</c> file as envelopes, as the design's producers do: column names from the header
/// row, values as strings, <c>batch_info</c> counting cycles of the file, batches of <see cref="BatchSize"/> records
/// within a cycle and records within a batch (all 1-based), <c>total_records_sent</c> counting every record sent
/// across cycles. Not thread-safe: one replayer per producing loop.
/// </summary>
public sealed class LogCsvReplayer : IDisposable
{
    private readonly string _path;
    private Rfc4180Reader _reader;
    private readonly List<string> _values = [];
    private long _rowInCycle;

    private LogCsvReplayer(string path, string topic, string logType, int batchSize)
    {
        _path = path;
        Topic = topic;
        LogType = logType;
        BatchSize = batchSize;
        _reader = OpenReader(path, out var header);
        Header = header;
    }

    public string Topic { get; }

    public string LogType { get; }

    public int BatchSize { get; }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The cycle the next record belongs to, from 1.</summary>
    public long FileCycle { get; private set; } = 1;

    public long TotalRecordsSent { get; private set; }

    /// <summary>Opens <paramref name="path"/>; <paramref name="logType"/> defaults to the topic name.</summary>
    public static LogCsvReplayer Open(string path, string topic, string? logType = null, int batchSize = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return new LogCsvReplayer(path, topic, logType ?? topic, batchSize);
    }

    /// <summary>
    /// The envelope of the next row, stamped with <paramref name="timestamp"/>; false at the end of the file (call
    /// <see cref="Rewind"/> for the next cycle). A row whose column count differs from the header throws.
    /// </summary>
    public bool TryNext(DateTimeOffset timestamp, out LogReplayRecord record)
    {
        if (!_reader.TryReadRecord(_values))
        {
            record = default;
            return false;
        }

        if (_values.Count != Header.Count)
        {
            throw new InvalidDataException(
                $"{_path}: row {_rowInCycle + 1} has {_values.Count} columns, the header {Header.Count}");
        }

        _rowInCycle++;
        TotalRecordsSent++;
        var batch = new LogBatchInfo(FileCycle, ((_rowInCycle - 1) / BatchSize) + 1, ((_rowInCycle - 1) % BatchSize) + 1, BatchSize);
        var utf8 = LogEnvelopeWriter.Write(LogType, Topic, timestamp, batch, TotalRecordsSent, Header, _values);
        record = new LogReplayRecord(_rowInCycle, utf8);
        return true;
    }

    /// <summary>Starts the next cycle of the file from its first data row.</summary>
    public void Rewind()
    {
        _reader.Dispose();
        _reader = OpenReader(_path, out _);
        _rowInCycle = 0;
        FileCycle++;
    }

    public void Dispose() => _reader.Dispose();

    private static Rfc4180Reader OpenReader(string path, out IReadOnlyList<string> header)
    {
        var reader = new Rfc4180Reader(new StreamReader(path, System.Text.Encoding.UTF8));
        var names = new List<string>();
        if (!reader.TryReadRecord(names))
        {
            reader.Dispose();
            throw new InvalidDataException($"{path}: no header row");
        }

        header = names.ToArray();
        return reader;
    }
}
