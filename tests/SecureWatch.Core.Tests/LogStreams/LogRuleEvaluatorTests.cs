using System.Text;
using System.Text.Json.Nodes;
using SecureWatch.Core.LogStreams;
using SecureWatch.Core.LogStreams.Rules;

namespace SecureWatch.Core.Tests.LogStreams;

public sealed class LogRuleEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 8, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_threshold_counts_across_separate_calls_and_fires_once_per_window()
    {
        var evaluator = new LogRuleEvaluator(LogRuleSet.LoadDefaults());
        var results = new List<IReadOnlyList<LogRuleMatch>>();

        // Two producer batches of three failed logons each, evaluated one call at a time, 10 s apart (record time).
        for (var i = 0; i < 6; i++)
        {
            results.Add(evaluator.Evaluate(Logon("ACM2278", "Failed Logon", Now.AddSeconds(i * 10), batch: (i / 3) + 1), Now));
        }

        Assert.All(results.Take(4), r => Assert.Empty(r));
        var match = Assert.Single(results[4]);
        Assert.Equal(new LogRuleMatch("logon-brute-force", "Repeated failed logons for one user", "high", "r2l", "user", "ACM2278", 5), match);
        Assert.Empty(results[5]);

        // Within the window of the first match (at 40 s) it stays quiet although the count is reached; from 160 s on,
        // with five in the window again, it fires again.
        Assert.Empty(evaluator.Evaluate(Logon("ACM2278", "Failed Logon", Now.AddSeconds(100)), Now));
        Assert.Empty(evaluator.Evaluate(Logon("ACM2278", "Failed Logon", Now.AddSeconds(150)), Now));
        Assert.Empty(evaluator.Evaluate(Logon("ACM2278", "Failed Logon", Now.AddSeconds(155)), Now));
        Assert.Equal(5, Assert.Single(evaluator.Evaluate(Logon("ACM2278", "Failed Logon", Now.AddSeconds(160)), Now)).MatchCount);
    }

    [Fact]
    public void Thresholds_count_per_key_and_forget_matches_older_than_the_window()
    {
        var evaluator = new LogRuleEvaluator(LogRuleSet.LoadDefaults());
        for (var i = 0; i < 4; i++)
        {
            Assert.Empty(evaluator.Evaluate(Logon("AAA0001", "Failed Logon", Now.AddSeconds(i)), Now));
            Assert.Empty(evaluator.Evaluate(Logon("BBB0002", "Failed Logon", Now.AddSeconds(i)), Now));
        }

        // The fifth for AAA0001 comes 120 s after its first: the window holds only four.
        Assert.Empty(evaluator.Evaluate(Logon("AAA0001", "Failed Logon", Now.AddSeconds(120)), Now));
        Assert.Equal("BBB0002", Assert.Single(evaluator.Evaluate(Logon("BBB0002", "Failed Logon", Now.AddSeconds(5)), Now)).KeyValue);
    }

    [Fact]
    public void Without_a_record_time_the_threshold_counts_on_the_envelope_time_then_on_at()
    {
        var evaluator = new LogRuleEvaluator(LogRuleSet.LoadDefaults());
        IReadOnlyList<LogRuleMatch> last = [];
        for (var i = 0; i < 5; i++)
        {
            // No date column; the envelope timestamp is absent for the odd ones, so `at` stands in.
            var envelope = Parse(new JsonObject
            {
                ["log_type"] = "logon", ["topic"] = "logon",
                ["timestamp"] = i % 2 == 0 ? (JsonNode)("2024-01-08 12:00:0" + i) : null,
                ["data"] = new JsonObject { ["user"] = "CCC0003", ["activity"] = "Failed Logon" },
            });
            last = evaluator.Evaluate(envelope, i % 2 == 0 ? Now.AddDays(3) : Now.AddSeconds(i));
        }

        Assert.Equal("logon-brute-force", Assert.Single(last).RuleId);
    }

    [Fact]
    public void A_distinct_threshold_counts_distinct_values_not_records()
    {
        var evaluator = new LogRuleEvaluator(LogRuleSet.LoadDefaults());
        for (var i = 0; i < 40; i++)
        {
            // 40 flows to the same two ports: never 20 distinct ports.
            Assert.Empty(evaluator.Evaluate(Flow("10.9.9.9", "10.0.0.1", 80 + (i % 2), Now.AddSeconds(i)), Now));
        }

        var fired = Enumerable.Range(0, 25)
            .Select(p => evaluator.Evaluate(Flow("10.9.9.9", "10.0.0.1", 1000 + p, Now.AddSeconds(40 + p)), Now))
            .ToList();

        Assert.Equal(17, fired.FindIndex(r => r.Count > 0)); // 2 seen ports + 18 new = 20 distinct
        Assert.Equal(("netflow-port-scan", 20), (fired[17][0].RuleId, fired[17][0].MatchCount));
        Assert.Single(fired, r => r.Count > 0);
    }

    [Fact]
    public void A_replay_that_starts_over_in_time_starts_the_counts_over()
    {
        var evaluator = new LogRuleEvaluator(LogRuleSet.LoadDefaults());
        var firings = 0;
        for (var cycle = 0; cycle < 3; cycle++)
        {
            for (var i = 0; i < 5; i++)
            {
                firings += evaluator.Evaluate(Logon("DDD0004", "Failed Logon", Now.AddSeconds(i)), Now).Count;
            }

            // The file goes on an hour later; the next cycle then goes back in time by more than a window.
            firings += evaluator.Evaluate(Logon("DDD0004", "Failed Logon", Now.AddHours(1)), Now).Count;
        }

        Assert.Equal(3, firings);
    }

    [Fact]
    public void Nothing_matching_returns_the_shared_empty_list()
    {
        var evaluator = new LogRuleEvaluator(LogRuleSet.LoadDefaults());

        var first = evaluator.Evaluate(Logon("EEE0005", "Logon", Now), Now);
        var second = evaluator.Evaluate(Parse(new JsonObject { ["log_type"] = "syslog", ["topic"] = "syslog", ["data"] = new JsonObject() }), Now);

        Assert.Empty(first);
        Assert.Same(first, second);
    }

    [Fact]
    public void A_match_without_its_key_value_is_counted_not_reported()
    {
        var evaluator = new LogRuleEvaluator(LogRuleSet.LoadDefaults());
        var envelope = Parse(new JsonObject
        {
            ["log_type"] = "hostevent", ["topic"] = "hostevent",
            ["data"] = new JsonObject { ["event_id"] = "1102", ["host"] = "" },
        });

        Assert.Empty(evaluator.Evaluate(envelope, Now));
        Assert.Equal(1, evaluator.UnkeyedMatches);
    }

    [Fact]
    public async Task Concurrent_evaluation_counts_every_match_once()
    {
        var evaluator = new LogRuleEvaluator(LogRuleSet.LoadDefaults());
        const int users = 200;
        const int perUser = 25; // 25 s apart: five in a 120 s window, firing at most once per window
        var matches = 0;
        var start = new TaskCompletionSource();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var u = w; u < users; u += 8)
            {
                for (var i = 0; i < perUser; i++)
                {
                    Interlocked.Add(ref matches, evaluator.Evaluate(Logon($"U{u:D4}", "Failed Logon", Now.AddSeconds(i * 25)), Now).Count);
                }
            }
        })).ToArray();
        var shared = Task.Run(async () =>
        {
            await start.Task;
            var count = 0;
            for (var i = 0; i < 2000; i++)
            {
                // One key hammered from another thread at the same instant: fires exactly once.
                count += evaluator.Evaluate(Logon("SHARED", "Failed Logon", Now), Now).Count;
            }

            return count;
        });

        start.SetResult();
        await Task.WhenAll(workers);

        Assert.Equal(1, await shared);
        Assert.Equal(users * 5, matches); // fires at t = 100, 225, 350, 475 and 600 s
    }

    internal static LogEnvelope Logon(string user, string activity, DateTimeOffset time, int batch = 1) => Parse(new JsonObject
    {
        ["timestamp"] = "2030-01-01 00:00:00", ["log_type"] = "logon", ["topic"] = "logon",
        ["batch_info"] = new JsonObject { ["file_cycle"] = "1", ["batch_number"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture), ["record_in_batch"] = "1", ["batch_size"] = "3" },
        ["data"] = new JsonObject
        {
            ["id"] = "{X}", ["date"] = time.ToString("MM/dd/yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["user"] = user, ["pc"] = "PC-1", ["activity"] = activity,
        },
    });

    private static LogEnvelope Flow(string src, string dst, int port, DateTimeOffset time) => Parse(new JsonObject
    {
        ["log_type"] = "netflow", ["topic"] = "netflow",
        ["data"] = new JsonObject
        {
            ["time"] = time.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["src_ip"] = src, ["dst_ip"] = dst, ["dst_port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["protocol"] = "TCP",
        },
    });

    private static LogEnvelope Parse(JsonObject json)
    {
        foreach (var name in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(name);
        }

        Assert.True(LogEnvelopeParser.TryParse(Encoding.UTF8.GetBytes(json.ToJsonString()), out var envelope, out _, out var detail), detail);
        return envelope!;
    }
}
