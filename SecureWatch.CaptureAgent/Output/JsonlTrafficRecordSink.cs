using System.Text.Json;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>Writes one JSON record per line (JSON Lines) to a file or to standard output.</summary>
internal sealed class JsonlTrafficRecordSink : IRecordOutput
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly Utf8JsonWriter _writer;

    public JsonlTrafficRecordSink(Stream stream, bool ownsStream)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Appends to <paramref name="path"/>, or writes to standard output when it is null.</summary>
    public static JsonlTrafficRecordSink Open(string? path) => path is null
        ? new JsonlTrafficRecordSink(new BufferedStream(Console.OpenStandardOutput(), 1 << 16), ownsStream: true)
        : new JsonlTrafficRecordSink(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16), ownsStream: true);

    public void Publish(TrafficRecord record)
    {
        TrafficRecordJson.Serialize(_writer, record);
        _writer.Flush();
        _writer.Reset();
        _stream.Write(NewLine);
    }

    public KafkaPublishCounters? Counters => null;

    public void FlushBuffered() => Flush();

    public void Complete() => Flush();

    public void Flush()
    {
        _writer.Flush();
        _stream.Flush();
    }

    public void Dispose()
    {
        Flush();
        _writer.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}
