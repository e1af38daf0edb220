namespace SecureWatch.Core.LogStreams;

/// <summary>Raised inside <see cref="LogEnvelopeParser"/> for a message that breaks the envelope schema.</summary>
internal sealed class LogEnvelopeFormatException(string message) : Exception(message);
