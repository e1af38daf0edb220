using System.Text.Json;
using Npgsql;

namespace SecureWatch.Functions.Alerts;

/// <summary>The one SELECT list that renders an alert summary (alias a), so list, detail, changes and pushes agree.</summary>
internal static class AlertReadModel
{
    public const int TopCount = 5;

    public const string SummaryColumns =
        """
        a.id, a.data_source, a.category, coalesce(host(a.attacker_ip), a.attacker), host(a.sender_ip), a.status, a.resolution, a.severity,
        a.first_seen, a.last_seen, a.record_count, a.max_probability, a.distinct_destinations, a.distinct_ports,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('dst_ip', host(d.dst_ip), 'records', d.records) ORDER BY d.records DESC, d.dst_ip), '[]')
            FROM (SELECT * FROM alert_destinations WHERE alert_id = a.id ORDER BY records DESC, dst_ip LIMIT 5) d)::text,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('protocol', p.protocol, 'dst_port', p.dst_port, 'records', p.records)
                ORDER BY p.records DESC, p.protocol, p.dst_port), '[]')
            FROM (SELECT * FROM alert_ports WHERE alert_id = a.id ORDER BY records DESC, protocol, dst_port LIMIT 5) p)::text,
        (SELECT count(*) FROM alert_actions x WHERE x.alert_id = a.id),
        a.assignee, a.previous_alert_id, a.updated_at, a.updated_by, a.revision
        """;

    public static AlertSummaryResponse Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetString(7),
        reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetFieldValue<DateTimeOffset>(9),
        reader.GetInt64(10),
        reader.GetFloat(11),
        reader.GetInt32(12),
        reader.GetInt32(13),
        JsonElement.Parse(reader.GetString(14)),
        JsonElement.Parse(reader.GetString(15)),
        reader.GetInt64(16),
        reader.IsDBNull(17) ? null : reader.GetString(17),
        reader.IsDBNull(18) ? null : reader.GetInt64(18),
        reader.GetFieldValue<DateTimeOffset>(19),
        reader.GetString(20),
        reader.GetInt64(21));

    public static async Task<List<AlertSummaryResponse>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<AlertSummaryResponse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(Read(reader));
        }

        return alerts;
    }

    /// <summary>Rows of a single-column jsonb::text query, as JSON values.</summary>
    public static async Task<List<JsonElement>> ReadJsonAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(JsonElement.Parse(reader.GetString(0)));
        }

        return rows;
    }
}
