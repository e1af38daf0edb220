namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>A detection-rule file that cannot be used; the message names the file, the rule id and the field.</summary>
public sealed class LogRuleSetException : Exception
{
    public LogRuleSetException()
    {
    }

    public LogRuleSetException(string message)
        : base(message)
    {
    }

    public LogRuleSetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
