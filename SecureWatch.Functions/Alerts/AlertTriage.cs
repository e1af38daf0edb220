using Npgsql;
using NpgsqlTypes;
using SecureWatch.Core.Alerts;

namespace SecureWatch.Functions.Alerts;

/// <summary>
/// Applies one triage change inside the caller's transaction: locks the alert row, checks the transition, writes the
/// new state, an alert_history entry and an audit_log row. Nothing is written when the change is refused.
/// </summary>
internal static class AlertTriage
{
    public const string AuditEntity = "alerts";
    public const string AuditAction = "triage";

    public static async Task<AlertTriageOutcome> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long id, AlertChangeRequest change, string actor,
        CancellationToken cancellationToken)
    {
        string from;
        string? resolution;
        string? assignee;
        await using (var select = new NpgsqlCommand(
            "SELECT status, resolution, assignee FROM alerts WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return AlertTriageOutcome.Missing;
            }

            from = reader.GetString(0);
            resolution = reader.IsDBNull(1) ? null : reader.GetString(1);
            assignee = reader.IsDBNull(2) ? null : reader.GetString(2);
        }

        if (AlertTransitions.Conflict(id, from, change.Status, change.Note) is { } conflict)
        {
            return AlertTriageOutcome.Refused(conflict);
        }

        var to = change.Status ?? from;
        var newResolution = to == AlertStatuses.Closed ? change.Resolution ?? resolution : null;
        var newAssignee = change.Assignee is null ? assignee : change.Assignee.Length == 0 ? null : change.Assignee;
        await using var write = new NpgsqlCommand(
            """
            WITH changed AS (
                UPDATE alerts SET status = $2, resolution = $3, assignee = $4, updated_at = now(), updated_by = $5,
                    revision = nextval('alerts_revision_seq'), changed_at = now()
                WHERE id = $1 RETURNING id),
            history AS (
                INSERT INTO alert_history (alert_id, occurred_at, actor, from_status, to_status, resolution, assignee, note)
                SELECT id, now(), $5, $6, $2, $3, $4, $7 FROM changed)
            INSERT INTO audit_log (occurred_at, actor, action, entity, entity_id, before, after)
            SELECT now(), $5, $8, $9, id::text,
                jsonb_build_object('status', $6, 'resolution', $10, 'assignee', $11),
                jsonb_build_object('status', $2, 'resolution', $3, 'assignee', $4, 'note', $7)
            FROM changed
            """, connection, transaction);
        write.Parameters.Add(new NpgsqlParameter { Value = id });
        write.Parameters.Add(Text(to));
        write.Parameters.Add(Text(newResolution));
        write.Parameters.Add(Text(newAssignee));
        write.Parameters.Add(Text(actor));
        write.Parameters.Add(Text(from));
        write.Parameters.Add(Text(change.Note));
        write.Parameters.Add(Text(AuditAction));
        write.Parameters.Add(Text(AuditEntity));
        write.Parameters.Add(Text(resolution));
        write.Parameters.Add(Text(assignee));
        await write.ExecuteNonQueryAsync(cancellationToken);
        return AlertTriageOutcome.Applied;
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
