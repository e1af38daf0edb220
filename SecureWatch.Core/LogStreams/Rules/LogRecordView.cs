namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>One envelope's data as the conditions read it; field texts are read once per evaluation.</summary>
internal sealed class LogRecordView
{
    private readonly LogEnvelope _envelope;
    private Dictionary<string, string?>? _texts;

    public LogRecordView(LogEnvelope envelope) => _envelope = envelope;

    public string? Text(string field)
    {
        _texts ??= new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!_texts.TryGetValue(field, out var text))
        {
            text = _envelope.GetField(field);
            _texts[field] = text;
        }

        return text;
    }
}
