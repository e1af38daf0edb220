namespace SecureWatch.Core.LogStreams.Rules;

/// <summary>
/// Detection rules for the log streams, read from JSON (see default-log-rules.json). Every rule is checked when the
/// file loads; a file that cannot be used throws <see cref="LogRuleSetException"/> naming the rule and the field.
/// </summary>
public sealed class LogRuleSet
{
    public const string DefaultsResourceName = "SecureWatch.Core.LogStreams.Rules.default-log-rules.json";

    private LogRuleSet(IReadOnlyList<LogRule> rules) => Rules = rules;

    public IReadOnlyList<LogRule> Rules { get; }

    public static LogRuleSet LoadDefaults() => throw new NotImplementedException();

    public static LogRuleSet Load(string path) => Parse(File.ReadAllBytes(path), path);

    public static LogRuleSet Parse(ReadOnlySpan<byte> json, string origin) => throw new NotImplementedException(origin);
}
