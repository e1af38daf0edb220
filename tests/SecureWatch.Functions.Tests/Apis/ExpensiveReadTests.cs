using System.Net;
using Npgsql;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Apis;

/// <summary>Traffic and statistics reads are indexed and cut off by a statement timeout instead of running on.</summary>
public sealed class ExpensiveReadTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private RunningHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await RunningHost.StartAsync(
            _database.ConnectionString, new Dictionary<string, string?> { ["Api:StatementTimeoutSeconds"] = "0.5" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/v1/stats?window=30d")]
    [InlineData("/api/v1/traffic?category=dos")]
    [InlineData("/api/v1/traffic?sender_ip=198.51.100.0/24")]
    public async Task A_read_past_the_statement_timeout_is_a_503_problem_saying_how_to_narrow_it(string path)
    {
        using var reader = _host.CreateClient(RunningHost.ReaderKey);
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();

        // A read that cannot finish: it waits for a lock held past the timeout, as a long scan would run past it.
        await using (var blocker = await connection.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE traffic_data IN ACCESS EXCLUSIVE MODE", connection, blocker))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var problem = await ProblemAssert.IsProblemAsync(await reader.GetAsync(path), HttpStatusCode.ServiceUnavailable);
            Assert.Contains("statement timeout", ProblemAssert.Detail(problem), StringComparison.Ordinal);
            Assert.Contains("Api:StatementTimeoutSeconds", ProblemAssert.Detail(problem), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("sender_ip <<= '198.51.100.0/24'", "sender_ip")]
    [InlineData("sender_ip = '198.51.100.7'", "sender_ip")]
    [InlineData("category = 'dos'", "category")]
    public async Task Traffic_filters_are_answered_from_an_index(string condition, string column)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // On the few rows of a test database a sequential scan is cheaper; forbid it to learn whether an index serves.
        await using (var noSeqScan = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction))
        {
            await noSeqScan.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand(
            $"EXPLAIN SELECT id FROM traffic_data WHERE {condition} ORDER BY received_at DESC LIMIT 101", connection, transaction);
        var plan = new List<string>();
        await using (var rows = await explain.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                plan.Add(rows.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        Assert.Contains($"_{column}_received_at_idx", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
    }
}
