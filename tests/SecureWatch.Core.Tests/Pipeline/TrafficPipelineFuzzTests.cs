using System.Text;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Simulation;
using SecureWatch.Core.Sources;
using SecureWatch.Core.Traffic;
using static SecureWatch.Core.Tests.Pipeline.PipelineHarness;

namespace SecureWatch.Core.Tests.Pipeline;

public sealed class TrafficPipelineFuzzTests
{
    private const int Count = 10_000;

    [Fact]
    public async Task Ten_thousand_random_and_mangled_values_all_end_in_the_dead_letter_topic()
    {
        await using var harness = await StartAsync();
        await harness.EnableAsync(DataSourceNames.ExternalKafka);
        await harness.WhitelistAsync("198.51.100.0/24");
        var random = new Random(20261121);
        var generator = new SyntheticTrafficGenerator(seed: 3);
        var template = TrafficRecordJson.SerializeToUtf8Bytes(generator.Next(DataSourceNames.ExternalKafka, "198.51.100.7"));
        var values = Enumerable.Range(0, Count).Select(i => Mangle(i, template, random)).ToList();

        var outcomes = new List<RecordOutcome>();
        foreach (var chunk in values.Chunk(500))
        {
            var batch = chunk.Select(v => harness.Record("external-traffic", v, Header(PipelineHeaders.SenderIp, "198.51.100.7"))).ToList();
            var result = await harness.Pipeline.ProcessAsync(batch, CancellationToken.None);
            outcomes.AddRange(result.Outcomes);
            Assert.All(result.Messages, m => Assert.Equal("external-traffic.dlq", m.Topic));
        }

        Assert.Equal(Count, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(RecordOutcomeKind.Rejected, o.Kind));
        Assert.True(harness.Counters.Rejected(RejectReasons.NotJson) > 1000);
        Assert.True(harness.Counters.Rejected(RejectReasons.SchemaInvalid) > 1000);
        Assert.Equal(0, await harness.ScalarAsync<long>("SELECT count(*) FROM traffic_data"));
    }

    /// <summary>Random bytes, truncations, byte flips and structural edits of a valid record (every edit breaks it).</summary>
    private static byte[] Mangle(int i, byte[] valid, Random random)
    {
        switch (i % 6)
        {
            case 0:
                var noise = new byte[random.Next(0, 300)];
                random.NextBytes(noise);
                return noise;
            case 1:
                return valid[..random.Next(0, valid.Length - 1)];
            case 2:
                const string Bytes = "{}[]\",:0x\\\u00ff";
                var flipped = (byte[])valid.Clone();
                for (var k = 0; k < 1 + random.Next(4); k++)
                {
                    flipped[random.Next(flipped.Length)] = (byte)Bytes[random.Next(Bytes.Length)];
                }

                // A flip may land inside a string value and leave a valid record; force a break in the structure.
                flipped[0] = (byte)'[';
                return flipped;
            case 3:
                var text = Encoding.UTF8.GetString(valid);
                var names = new[] { "\"schema\"", "\"event_id\"", "\"flow\"", "\"features\"", "\"feature_set\"", "\"sender_ip\"", "\"observed_at\"" };
                return Encoding.UTF8.GetBytes(text.Replace(names[random.Next(names.Length)], "\"x" + random.Next(1000) + "\"", StringComparison.Ordinal));
            case 4:
                var json = Encoding.UTF8.GetString(valid);
                var numbers = new[] { "\"src_port\":", "\"count\":", "\"duration\":" };
                var name = numbers[random.Next(numbers.Length)];
                var at = json.IndexOf(name, StringComparison.Ordinal) + name.Length;
                var replacements = name == "\"src_port\":"
                    ? new[] { "\"7\"", "null", "{}", "[1]", "1e999", "-1", "70000", "true", "1.5" }
                    : ["\"7\"", "null", "{}", "[1]", "1e999", "true"];
                var replacement = replacements[random.Next(replacements.Length)];
                var end = json.IndexOfAny([',', '}'], at);
                return Encoding.UTF8.GetBytes(json[..at] + replacement + json[end..]);
            default:
                return Encoding.UTF8.GetBytes(new[] { "null", "42", "\"text\"", "[]", "{}", "", " ", "{\"schema\":1}", "[{}]", "\ufeff{}" }[random.Next(10)]);
        }
    }
}
