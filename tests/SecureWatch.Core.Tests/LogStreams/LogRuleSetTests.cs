using System.Text;
using SecureWatch.Core.LogStreams;
using SecureWatch.Core.LogStreams.Rules;

namespace SecureWatch.Core.Tests.LogStreams;

public sealed class LogRuleSetTests
{
    private const string Valid = """
        { "id": "r1", "log_type": "logon", "title": "t", "severity": "high", "category": "r2l", "key": "user",
          "match": { "field": "activity", "equals": "Failed Logon" }, "threshold": { "count": 3, "window_seconds": 60 } }
        """;

    [Fact]
    public void The_defaults_load_and_cover_every_log_type()
    {
        var rules = LogRuleSet.LoadDefaults();

        Assert.All(LogTopics.All, logType => Assert.Contains(rules.Rules, r => r.LogType == logType));
        Assert.Equal(rules.Rules.Count, LogRuleSet.Load(LogStreamsPaths.DefaultRules).Rules.Count);
    }

    [Fact]
    public void A_valid_rule_reads_into_its_parts()
    {
        var rule = Assert.Single(Parse(Valid).Rules);

        Assert.Equal(("r1", "logon", "high", "r2l", "user"), (rule.Id, rule.LogType, rule.Severity, rule.Category, rule.KeyField));
        Assert.Equal(new LogRuleThreshold(3, 60, null), rule.Threshold);
    }

    [Theory]
    [InlineData("\"field\": \"activity\"", "\"field\": \"activty\"", "rule r1: match.field: unknown field 'activty' for log type logon")]
    [InlineData("\"key\": \"user\"", "\"key\": \"src_ip\"", "rule r1: key: unknown field 'src_ip' for log type logon")]
    [InlineData("\"key\": \"user\",", "", "rule r1: key: required")]
    [InlineData("\"equals\": \"Failed Logon\"", "\"regex\": \"(Failed\"", "rule r1: match.regex: bad regex")]
    [InlineData("\"equals\": \"Failed Logon\"", "\"regex\": \"(a)\\\\1\"", "rule r1: match.regex: bad regex")]
    [InlineData("\"count\": 3", "\"count\": 0", "rule r1: threshold.count: must be an integer from 1")]
    [InlineData("\"count\": 3", "\"count\": \"3\"", "rule r1: threshold.count: must be an integer")]
    [InlineData("\"count\": 3, ", "", "rule r1: threshold.count: required")]
    [InlineData("\"window_seconds\": 60", "\"window_seconds\": 86401", "rule r1: threshold.window_seconds")]
    [InlineData("\"window_seconds\": 60", "\"window_seconds\": 60, \"distinct\": \"port\"", "rule r1: threshold.distinct: unknown field 'port'")]
    [InlineData("\"window_seconds\": 60", "\"window_seconds\": 60, \"key\": \"user\"", "rule r1: threshold.key: unknown member")]
    [InlineData("\"log_type\": \"logon\"", "\"log_type\": \"syslog\"", "rule r1: log_type: unknown log type 'syslog'")]
    [InlineData("\"severity\": \"high\"", "\"severity\": \"urgent\"", "rule r1: severity: 'urgent' is not one of")]
    [InlineData("\"category\": \"r2l\"", "\"category\": \"normal\"", "rule r1: category: 'normal' is not one of dos, probe, r2l, u2r")]
    [InlineData("\"title\": \"t\", ", "\"title\": \"t\", \"enabled\": true, ", "rule r1: enabled: unknown member")]
    [InlineData("\"equals\": \"Failed Logon\"", "\"equals\": \"Failed Logon\", \"in\": [\"x\"]", "rule r1: match: field activity: give exactly one of")]
    [InlineData("\"equals\": \"Failed Logon\"", "\"gt\": 3", "rule r1: match: gt/ge/lt/le need a numeric field; activity of logon is text")]
    [InlineData("\"equals\": \"Failed Logon\"", "\"outside_hours\": {\"from\": 7, \"to\": 19}", "rule r1: match.outside_hours: field activity is not a timestamp field")]
    [InlineData("\"field\": \"activity\", \"equals\": \"Failed Logon\"", "\"any\": []", "rule r1: match.any: must be a non-empty array")]
    [InlineData("\"field\": \"activity\", \"equals\": \"Failed Logon\"", "\"all\": [{\"field\": \"pc\", \"equals\": \"x\"}, {\"field\": \"usr\", \"equals\": \"x\"}]", "rule r1: match.all[1].field: unknown field 'usr'")]
    [InlineData("\"field\": \"activity\", \"equals\": \"Failed Logon\"", "\"not\": {\"field\": \"date\", \"outside_hours\": {\"from\": 19, \"to\": 7}}", "rule r1: match.not.outside_hours: must be")]
    public void A_bad_rule_is_a_clear_load_error(string replace, string with, string message)
    {
        var json = Valid.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);

        var error = Assert.Throws<LogRuleSetException>(() => Parse(json));

        Assert.StartsWith("rules.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_rule_ids_are_a_load_error()
    {
        var error = Assert.Throws<LogRuleSetException>(() =>
            LogRuleSet.Parse(Encoding.UTF8.GetBytes($$"""{"rules": [{{Valid}}, {{Valid}}]}"""), "rules.json"));

        Assert.Contains("rule r1: the id is used twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_or_not_there_is_a_load_error()
    {
        Assert.Contains("not valid JSON", Assert.Throws<LogRuleSetException>(() => LogRuleSet.Parse("{"u8, "x.json")).Message, StringComparison.Ordinal);
        Assert.Contains("cannot read", Assert.Throws<LogRuleSetException>(() => LogRuleSet.Load("/nonexistent/rules.json")).Message, StringComparison.Ordinal);
        Assert.Contains("rules: required", Assert.Throws<LogRuleSetException>(() => LogRuleSet.Parse("{}"u8, "x.json")).Message, StringComparison.Ordinal);
    }

    private static LogRuleSet Parse(string rule) => LogRuleSet.Parse(Encoding.UTF8.GetBytes($$"""{"rules": [{{rule}}]}"""), "rules.json");
}
