using System.Globalization;
using System.Text;
using SecureWatch.Core.LogStreams;
using SecureWatch.Core.LogStreams.Rules;
using SecureWatch.Core.LogStreams.Samples;
using Xunit.Abstractions;

namespace SecureWatch.Core.Tests.LogStreams;

/// <summary>The default rules replayed over the committed samples: each catches its planted incidents and nothing else.</summary>
public sealed class LogSampleRulesTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset ReplayedAt = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_committed_samples_are_what_the_seeded_generator_writes()
    {
        var directory = Directory.CreateTempSubdirectory("log-samples-").FullName;
        try
        {
            LogSampleGenerator.Write(directory);

            var committed = Directory.GetFiles(LogStreamsPaths.SampleData).Select(f => Path.GetFileName(f)).Order().ToArray();
            var generated = Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).Order().ToArray();
            Assert.Equal(LogTopics.All.Select(t => t + ".csv").Append(LogSampleGenerator.IncidentsFileName).Order(), generated);
            Assert.Equal(generated, committed);
            foreach (var name in generated)
            {
                Assert.True(
                    File.ReadAllBytes(Path.Combine(directory, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(LogStreamsPaths.SampleData, name))),
                    $"{name} differs from LogSampleGenerator.Write(dir, {LogSampleGenerator.DefaultSeed}); regenerate the committed samples");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Another_seed_gives_other_rows()
    {
        var directory = Directory.CreateTempSubdirectory("log-samples-").FullName;
        try
        {
            LogSampleGenerator.Write(directory, seed: 7);

            Assert.NotEqual(
                File.ReadAllText(Path.Combine(LogStreamsPaths.SampleData, "http.csv")),
                File.ReadAllText(Path.Combine(directory, "http.csv")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_samples_have_a_few_thousand_rows_in_the_declared_columns()
    {
        var total = 0;
        foreach (var schema in LogTypeSchemas.All)
        {
            using var replayer = LogCsvReplayer.Open(Path.Combine(LogStreamsPaths.SampleData, schema.LogType + ".csv"), schema.LogType);
            Assert.Equal(schema.Header, replayer.Header);
            while (replayer.TryNext(ReplayedAt, out _))
            {
                total++;
            }
        }

        Assert.InRange(total, 2000, 6000);
    }

    [Fact]
    public void Every_default_rule_fires_on_its_planted_incidents_and_nothing_else()
    {
        var rules = LogRuleSet.LoadDefaults();
        var incidents = LogSampleGenerator.ReadIncidents(Path.Combine(LogStreamsPaths.SampleData, LogSampleGenerator.IncidentsFileName));
        var matches = Replay(rules);

        var table = new StringBuilder("| rule | planted incidents | detected | matches | true | false | precision | recall |\n|---|---|---|---|---|---|---|---|\n");
        var failures = new List<string>();
        foreach (var rule in rules.Rules)
        {
            var planted = incidents.Where(i => i.Rule == rule.Id).ToList();
            var fired = matches.Where(m => m.Match.RuleId == rule.Id).ToList();
            bool Within(LogSampleIncident i, (string Topic, long Row, LogRuleMatch Match) m) =>
                m.Topic == i.Topic && i.Rows.Contains(m.Row) && m.Match.KeyValue == i.KeyValue;
            var truePositives = fired.Count(m => planted.Any(i => Within(i, m)));
            var detected = planted.Count(i => fired.Any(m => Within(i, m)));
            foreach (var incident in planted)
            {
                var got = fired.Count(m => Within(incident, m));
                if (got != incident.ExpectedMatches)
                {
                    failures.Add($"{incident.Id}: {rule.Id} matched {got} times on its rows, expected {incident.ExpectedMatches}");
                }
            }

            foreach (var falsePositive in fired.Where(m => !planted.Any(i => Within(i, m))))
            {
                failures.Add($"{rule.Id} matched {falsePositive.Topic} row {falsePositive.Row} ({falsePositive.Match.KeyValue}), no planted incident");
            }

            if (planted.Count == 0)
            {
                failures.Add($"{rule.Id} has no planted incident in the samples");
            }

            table.Append(CultureInfo.InvariantCulture,
                $"| {rule.Id} | {planted.Count} | {detected} | {fired.Count} | {truePositives} | {fired.Count - truePositives} | {Ratio(truePositives, fired.Count)} | {Ratio(detected, planted.Count)} |\n");
        }

        output.WriteLine(table.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "log-rules-precision-recall.md"), table.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.DoesNotContain(incidents, i => !rules.Rules.Any(r => r.Id == i.Rule));
    }

    [Fact]
    public void The_evaluation_can_fail_a_rule_that_misses_its_incident()
    {
        // The same replay with the brute-force threshold raised beyond the planted bursts finds nothing for it.
        var json = File.ReadAllText(LogStreamsPaths.DefaultRules).Replace("\"count\": 5,", "\"count\": 50,", StringComparison.Ordinal);
        var matches = Replay(LogRuleSet.Parse(Encoding.UTF8.GetBytes(json), "raised.json"));

        Assert.DoesNotContain(matches, m => m.Match.RuleId == "logon-brute-force");
        Assert.Contains(matches, m => m.Match.RuleId == "logon-after-hours");
    }

    private static List<(string Topic, long Row, LogRuleMatch Match)> Replay(LogRuleSet rules)
    {
        var evaluator = new LogRuleEvaluator(rules);
        var matches = new List<(string, long, LogRuleMatch)>();
        foreach (var topic in LogTopics.All)
        {
            using var replayer = LogCsvReplayer.Open(Path.Combine(LogStreamsPaths.SampleData, topic + ".csv"), topic, batchSize: 50);
            while (replayer.TryNext(ReplayedAt, out var record))
            {
                Assert.True(LogEnvelopeParser.TryParse(record.Utf8.Span, out var envelope, out _, out var detail), detail);
                matches.AddRange(evaluator.Evaluate(envelope!, ReplayedAt).Select(m => (topic, record.RowNumber, m)));
            }
        }

        return matches;
    }

    private static string Ratio(int part, int whole) => whole == 0 ? "n/a" : (part / (double)whole).ToString("0.00", CultureInfo.InvariantCulture);
}
