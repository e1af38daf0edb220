using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SecureWatch.Core.Agents;

namespace SecureWatch.Functions.Agents;

/// <summary>
/// The capture_agents table: every host instance writes and reads the same rows, and ages them by the database's clock,
/// so that all of them call an agent stale at the same moment.
/// </summary>
public sealed partial class CaptureAgentStore(NpgsqlDataSource dataSource, ILogger<CaptureAgentStore> logger)
{
    /// <summary>Rows an agent key may create; past that a new name is refused, so a leaked key cannot fill the table.</summary>
    public const int MaxAgents = 1000;

    private const string Columns =
        "name, first_seen, last_seen, interval_seconds, stopping, report, drop_rate, record_drop_rate, " +
        "EXTRACT(EPOCH FROM now() - last_seen)::double precision";

    private static readonly JsonSerializerOptions ReportJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Stores the report as the agent's latest; null when it is a new agent and <see cref="MaxAgents"/> exist.</summary>
    public async Task<AgentResponse?> RecordAsync(string name, AgentHeartbeat report, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        AgentHeartbeat? previous = null;
        await using (var select = new NpgsqlCommand("SELECT report FROM capture_agents WHERE name = $1 FOR UPDATE", connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await select.ExecuteScalarAsync(cancellationToken) is string json)
            {
                previous = JsonSerializer.Deserialize<AgentHeartbeat>(json, ReportJson);
            }
        }

        if (previous is null && await CountAsync(connection, transaction, cancellationToken) >= MaxAgents)
        {
            return null;
        }

        var loss = AgentIntervalLoss.Between(previous, report);
        await using var upsert = new NpgsqlCommand(
            $"""
            INSERT INTO capture_agents AS a (name, first_seen, last_seen, interval_seconds, stopping, report, previous_report, drop_rate, record_drop_rate)
            VALUES ($1, now(), now(), $2, $3, $4, NULL, $5, $6)
            ON CONFLICT (name) DO UPDATE SET last_seen = now(), interval_seconds = EXCLUDED.interval_seconds,
                stopping = EXCLUDED.stopping, previous_report = a.report, report = EXCLUDED.report,
                drop_rate = EXCLUDED.drop_rate, record_drop_rate = EXCLUDED.record_drop_rate
            RETURNING {Columns}
            """, connection, transaction);
        upsert.Parameters.Add(new NpgsqlParameter { Value = name });
        upsert.Parameters.Add(new NpgsqlParameter { Value = report.IntervalSeconds });
        upsert.Parameters.Add(new NpgsqlParameter { Value = report.Stopping });
        upsert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(report, ReportJson), NpgsqlDbType = NpgsqlDbType.Jsonb });
        upsert.Parameters.Add(new NpgsqlParameter { Value = loss.DropRate });
        upsert.Parameters.Add(new NpgsqlParameter { Value = loss.RecordDropRate });
        AgentResponse stored;
        await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            stored = Read(reader);
        }

        await transaction.CommitAsync(cancellationToken);
        if (loss.Dropping)
        {
            LogDropping(name, loss.DropRate * 100, loss.RecordDropRate * 100, report.IntervalSeconds);
        }

        return stored;
    }

    public async Task<List<AgentResponse>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM capture_agents ORDER BY name", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var agents = new List<AgentResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            agents.Add(Read(reader));
        }

        return agents;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM capture_agents", connection, transaction);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private static AgentResponse Read(NpgsqlDataReader reader)
    {
        var interval = reader.GetDouble(3);
        var stopping = reader.GetBoolean(4);
        var loss = new AgentIntervalLoss(reader.GetDouble(6), reader.GetDouble(7));
        var age = Math.Max(0, reader.GetDouble(8));
        var (state, detail) = Derive(stopping, interval, age, loss);
        return new AgentResponse(
            reader.GetString(0),
            state,
            detail,
            loss.Dropping,
            loss.DropRate,
            loss.RecordDropRate,
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            age,
            JsonSerializer.Deserialize<AgentHeartbeat>(reader.GetString(5), ReportJson)!);
    }

    private static (string State, string Detail) Derive(bool stopping, double interval, double age, AgentIntervalLoss loss)
    {
        if (stopping)
        {
            return (AgentStates.Stopped, "the agent reported a clean shutdown");
        }

        if (age > AgentStates.MissedIntervals * interval)
        {
            return (AgentStates.Stale, string.Create(CultureInfo.InvariantCulture,
                $"no report for {age:0.#} s; the agent reports every {interval:0.###} s"));
        }

        return (AgentStates.Running, loss.Dropping
            ? string.Create(CultureInfo.InvariantCulture,
                $"dropping: {loss.DropRate * 100:0.##} % of packets and {loss.RecordDropRate * 100:0.##} % of records lost in the last interval")
            : "reporting");
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Capture agent {Agent} is dropping: {PacketDropPercent:0.##} % of packets and {RecordDropPercent:0.##} % of records lost in its last {IntervalSeconds} s interval")]
    private partial void LogDropping(string agent, double packetDropPercent, double recordDropPercent, double intervalSeconds);
}
