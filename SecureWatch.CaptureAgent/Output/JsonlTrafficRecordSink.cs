using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// Writes one JSON record per line (JSON Lines) to a file or to standard output. Records are written into one
/// pooled buffer and go to the stream in blocks of <see cref="BlockSize"/> bytes; nothing is allocated per record.
/// </summary>
internal sealed class JsonlTrafficRecordSink : IRecordOutput
{
    public const int BlockSize = 1 << 20;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly PooledBufferWriter _buffer = new(BlockSize + (BlockSize / 8));
    private readonly TrafficRecordWriter _records = new();

    public JsonlTrafficRecordSink(Stream stream, bool ownsStream)
    {
        _stream = stream;
        _ownsStream = ownsStream;
    }

    /// <summary>Appends to <paramref name="path"/>, or writes to standard output when it is null.</summary>
    public static JsonlTrafficRecordSink Open(string? path) => path is null
        ? new JsonlTrafficRecordSink(Console.OpenStandardOutput(), ownsStream: true)
        : new JsonlTrafficRecordSink(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0), ownsStream: true);

    public KafkaPublishCounters? Counters => null;

    public void Publish(in CompletedConnection connection, in KddFeatureVector features)
    {
        _records.Write(_buffer, connection, features);
        _buffer.Write((byte)'\n');
        if (_buffer.WrittenCount >= BlockSize)
        {
            WriteBuffer();
        }
    }

    public void FlushBuffered() => Flush();

    public void Complete() => Flush();

    public void Flush()
    {
        WriteBuffer();
        _stream.Flush();
    }

    public void Dispose()
    {
        Flush();
        _buffer.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private void WriteBuffer()
    {
        if (_buffer.WrittenCount > 0)
        {
            _stream.Write(_buffer.WrittenSpan);
            _buffer.Clear();
        }
    }
}
