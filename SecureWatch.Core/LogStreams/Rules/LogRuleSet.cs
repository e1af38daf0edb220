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

    /// <summary>The rules shipped in SecureWatch.Core (LogStreams/Rules/default-log-rules.json).</summary>
    public static LogRuleSet LoadDefaults()
    {
        using var stream = typeof(LogRuleSet).Assembly.GetManifestResourceStream(DefaultsResourceName)
            ?? throw new InvalidOperationException($"resource {DefaultsResourceName} is missing from SecureWatch.Core");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Parse(copy.GetBuffer().AsSpan(0, (int)copy.Length), "default-log-rules.json");
    }

    /// <summary>Reads a rule file given by configuration; it replaces the defaults.</summary>
    public static LogRuleSet Load(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LogRuleSetException($"{path}: cannot read the rule file: {ex.Message}", ex);
        }

        return Parse(json, path);
    }

    /// <summary>Reads rules from JSON; <paramref name="origin"/> (a file name) starts every error message.</summary>
    public static LogRuleSet Parse(ReadOnlySpan<byte> json, string origin) => new(LogRuleSetReader.Read(json, origin));
}
