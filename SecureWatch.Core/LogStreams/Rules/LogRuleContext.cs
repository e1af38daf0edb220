namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>Where in a rule file a check is: every error starts with the file and the rule id.</summary>
internal readonly record struct LogRuleContext(string Origin, string Rule)
{
    public LogRuleSetException Error(string path, string message) =>
        new(path.Length == 0 ? $"{Origin}: rule {Rule}: {message}" : $"{Origin}: rule {Rule}: {path}: {message}");
}
