namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>A compiled <c>match</c> of a rule: a tree of all / any / not over field conditions.</summary>
internal abstract class LogCondition
{
    public abstract bool IsMatch(LogRecordView record);
}
