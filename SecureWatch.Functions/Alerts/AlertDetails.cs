using System.Text.Json;
using Npgsql;

namespace SecureWatch.Functions.Alerts;

/// <summary>Reads alert summaries and the detail page of one alert.</summary>
internal static class AlertDetails
{
    public const int LatestRecords = 50;
    private const int TopDetail = 10;
    private const int MaxHistogramMinutes = 24 * 60;
    private const int MaxActions = 200;

    public static async Task<List<AlertSummaryResponse>> SummariesAsync(
        NpgsqlConnection connection, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {AlertReadModel.SummaryColumns} FROM alerts a WHERE a.id = ANY($1) ORDER BY a.id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        return await AlertReadModel.ReadAllAsync(command, cancellationToken);
    }

    public static async Task<AlertDetailResponse?> LoadAsync(NpgsqlConnection connection, long id, CancellationToken cancellationToken)
    {
        var summaries = await SummariesAsync(connection, [id], cancellationToken);
        if (summaries.Count == 0)
        {
            return null;
        }

        var alert = summaries[0];
        // Records carry the received_at of their batch, which lies within the alert's lifetime: this prunes partitions.
        const string Records = "FROM traffic_data t WHERE t.alert_id = $1 AND t.received_at BETWEEN $2 AND $3";
        return new AlertDetailResponse(
            alert,
            await JsonRowsAsync(connection, alert, lifetime: true,
                "SELECT jsonb_build_object('minute', m, 'records', n)::text FROM (" +
                $"SELECT date_trunc('minute', t.received_at) AS m, count(*) AS n {Records} GROUP BY 1 ORDER BY 1 DESC LIMIT {MaxHistogramMinutes}" +
                ") h ORDER BY m", cancellationToken),
            await JsonRowsAsync(connection, alert, lifetime: false,
                "SELECT jsonb_build_object('dst_ip', host(dst_ip), 'records', records)::text FROM alert_destinations " +
                $"WHERE alert_id = $1 ORDER BY records DESC, dst_ip LIMIT {TopDetail}",
                cancellationToken),
            await JsonRowsAsync(connection, alert, lifetime: false,
                "SELECT jsonb_build_object('protocol', protocol, 'dst_port', dst_port, 'records', records)::text FROM alert_ports " +
                $"WHERE alert_id = $1 ORDER BY records DESC, protocol, dst_port LIMIT {TopDetail}",
                cancellationToken),
            await JsonRowsAsync(connection, alert, lifetime: true,
                "SELECT jsonb_build_object('service', s, 'records', n)::text FROM (" +
                $"SELECT t.features->>'service' AS s, count(*) AS n {Records} AND t.features ? 'service' GROUP BY 1) v " +
                $"ORDER BY n DESC, s LIMIT {TopDetail}", cancellationToken),
            await JsonRowsAsync(connection, alert, lifetime: true,
                "SELECT jsonb_build_object('id', t.id, 'received_at', t.received_at, 'observed_at', t.observed_at, " +
                "'src_ip', host(t.src_ip), 'dst_ip', host(t.dst_ip), 'src_port', t.src_port, 'dst_port', t.dst_port, " +
                "'protocol', t.protocol, 'attack_probability', t.attack_probability, 'response_action', t.response_action)::text " +
                $"{Records} ORDER BY t.received_at DESC, t.id DESC LIMIT {LatestRecords}", cancellationToken),
            await JsonRowsAsync(connection, alert, lifetime: false,
                "SELECT jsonb_build_object('occurred_at', occurred_at, 'actor', actor, 'from', from_status, 'to', to_status, " +
                "'resolution', resolution, 'assignee', assignee, 'note', note)::text FROM alert_history " +
                "WHERE alert_id = $1 ORDER BY occurred_at, id",
                cancellationToken),
            await JsonRowsAsync(connection, alert, lifetime: false,
                "SELECT jsonb_build_object('id', r.id, 'decided_at', r.decided_at, 'rule_id', r.rule_id, 'action', r.action, " +
                "'target', r.target, 'dry_run', r.dry_run, 'expires_at', r.expires_at, 'undone_at', r.undone_at, 'undone_by', r.undone_by)::text " +
                "FROM alert_actions x JOIN response_actions r ON r.id = x.action_id " +
                $"WHERE x.alert_id = $1 ORDER BY r.decided_at DESC LIMIT {MaxActions}",
                cancellationToken));
    }

    private static async Task<List<JsonElement>> JsonRowsAsync(
        NpgsqlConnection connection, AlertSummaryResponse alert, bool lifetime, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = alert.Id });
        if (lifetime)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = alert.FirstSeen });
            command.Parameters.Add(new NpgsqlParameter { Value = alert.LastSeen });
        }

        return await AlertReadModel.ReadJsonAsync(command, cancellationToken);
    }
}
