namespace SecureWatch.CaptureAgent.Capture;

/// <summary>A capture could not be opened or failed; the message is meant for the operator.</summary>
internal sealed class CaptureException : Exception
{
    public CaptureException()
    {
    }

    public CaptureException(string message)
        : base(message)
    {
    }

    public CaptureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
