using System.Net;
using Npgsql;

namespace SecureWatch.Functions.Tests.Infrastructure;

/// <summary>Writes scored traffic straight into traffic_data, as the scoring pipeline would.</summary>
internal static class TrafficRows
{
    public sealed record Row(
        DateTimeOffset ReceivedAt,
        string DataSource = "packet_capture",
        bool IsAttack = false,
        string Category = "normal",
        string? SenderIp = "198.51.100.7",
        string? ResponseAction = null);

    /// <summary>Inserts the rows and returns their generated ids, in the same order.</summary>
    public static async Task<long[]> InsertAsync(string connectionString, params Row[] rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ids = new long[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO traffic_data (received_at, observed_at, event_id, data_source, sender_ip, src_ip, dst_ip,
                    src_port, dst_port, protocol, feature_set, features, kafka_topic, kafka_partition, kafka_offset,
                    is_attack, attack_probability, category, model_version, response_action)
                VALUES ($1, $1 - interval '1 second', $2, $3, $4, '10.1.2.3', '10.9.8.7', 40000 + $5, 443, 'tcp',
                    'header28', '{"duration": 1.5, "service": "http", "src_bytes": 300}', 'captured-traffic', 0, $5,
                    $6, $7, $8, 'header28-test-1', $9)
                RETURNING id
                """, connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = row.ReceivedAt.ToUniversalTime() });
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.DataSource });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.SenderIp is null ? DBNull.Value : IPAddress.Parse(row.SenderIp) });
            insert.Parameters.Add(new NpgsqlParameter { Value = i });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.IsAttack });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.IsAttack ? 0.97f : 0.02f });
            insert.Parameters.Add(new NpgsqlParameter { Value = row.Category });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)row.ResponseAction ?? DBNull.Value });
            ids[i] = (long)(await insert.ExecuteScalarAsync())!;
        }

        return ids;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
