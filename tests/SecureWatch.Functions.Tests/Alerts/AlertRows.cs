using Npgsql;

namespace SecureWatch.Functions.Tests.Alerts;

/// <summary>Writes alerts straight into the alerts table, as the pipeline's grouping would leave them.</summary>
internal static class AlertRows
{
    public static async Task<long> InsertAsync(
        string connectionString, string attacker, string severity = "high", string category = "dos", string status = "open",
        DateTimeOffset? lastSeen = null, string dataSource = "packet_capture", string? destination = null)
    {
        var seen = (lastSeen ?? DateTimeOffset.UtcNow).ToUniversalTime();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            """
            WITH a AS (
                INSERT INTO alerts (data_source, category, attacker_ip, fingerprint_hash, status, resolution, severity, severity_rank,
                    first_seen, last_seen, record_count, max_probability, distinct_destinations, distinct_ports,
                    revision, changed_at, updated_at, updated_by)
                VALUES ($1, $2, $3::inet, hashtext($3), $4, CASE WHEN $4 = 'closed' THEN 'benign' END, $5,
                    array_position(ARRAY['low', 'medium', 'high', 'critical'], $5::text), $6 - interval '5 minutes', $6, 10, 0.97,
                    1, 1, nextval('alerts_revision_seq'), $6, $6, 'pipeline')
                RETURNING id),
            d AS (INSERT INTO alert_destinations SELECT id, $7::inet, 10 FROM a)
            SELECT id FROM a
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = dataSource });
        insert.Parameters.Add(new NpgsqlParameter { Value = category });
        insert.Parameters.Add(new NpgsqlParameter { Value = attacker });
        insert.Parameters.Add(new NpgsqlParameter { Value = status });
        insert.Parameters.Add(new NpgsqlParameter { Value = severity });
        insert.Parameters.Add(new NpgsqlParameter { Value = seen });
        insert.Parameters.Add(new NpgsqlParameter { Value = destination ?? "192.0.2.10" });
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    public static async Task<string> ScalarAsync(string connectionString, string sql, long id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await command.ExecuteScalarAsync())?.ToString() ?? "";
    }
}
