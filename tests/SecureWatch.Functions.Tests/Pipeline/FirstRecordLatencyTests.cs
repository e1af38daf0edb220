using System.Diagnostics;
using SecureWatch.Core.Sources;
using Xunit.Abstractions;
using static SecureWatch.Functions.Tests.Pipeline.PipelineTestBed;

namespace SecureWatch.Functions.Tests.Pipeline;

/// <summary>
/// How long a source's first record takes to be stored once its consumer starts: that is dominated by the consumer
/// group join on the mock cluster (KIP-848 protocol, as the embedded cluster and the test hosts use). The figures are
/// printed; the generous bound only catches a return of the multi-second classic rebalance.
/// </summary>
public sealed class FirstRecordLatencyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SlowJoin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_source_enabled_while_the_host_runs_stores_its_first_record_without_a_slow_group_join()
    {
        await using var bed = await StartAsync();
        var clock = Stopwatch.StartNew();
        bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic);
        bed.Flush();
        await WaitUntilAsync(async () => await bed.CountAsync() == 1, "the first record after host start");
        var afterStart = clock.Elapsed;

        await bed.SetSourceAsync(DataSourceNames.InternalKafka, new { is_enabled = false });
        await WaitUntilAsync(async () => !(await bed.ConsumedSourcesAsync()).Contains(DataSourceNames.InternalKafka), "the consumer to stop");
        bed.ProduceRecord(DataSourceNames.InternalKafka, InternalTopic);
        bed.Flush();

        clock.Restart();
        await bed.SetSourceAsync(DataSourceNames.InternalKafka, new { is_enabled = true });
        try
        {
            await WaitUntilAsync(async () => await bed.CountAsync() == 2, "the first record after enabling the source");
        }
        catch
        {
            output.WriteLine((await bed.HealthAsync()).GetProperty("kafka").ToString());
            throw;
        }

        var afterEnable = clock.Elapsed;

        output.WriteLine($"first record stored {afterStart.TotalMilliseconds:F0} ms after host start, "
            + $"{afterEnable.TotalMilliseconds:F0} ms after enabling the source");
        Assert.True(afterEnable < SlowJoin, $"enabling a source took {afterEnable.TotalSeconds:F1} s to store its first record");
    }
}
