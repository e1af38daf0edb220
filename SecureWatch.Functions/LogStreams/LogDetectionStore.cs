using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SecureWatch.Core.Alerts;
using SecureWatch.Core.Sources;

namespace SecureWatch.Functions.LogStreams;

/// <summary>
/// Stores a batch's rule matches in log_detections and adds them to alerts (data_source log_streams, attacker = the
/// rule's key value), in one transaction. Grouping follows the traffic alerts: an open alert of the same category and
/// attacker seen within Alerts:GroupWindow absorbs the matches, else a new one opens; instances serialise per
/// fingerprint on an advisory lock taken in hash order. A match already stored (redelivery) is not counted again.
/// </summary>
public sealed class LogDetectionStore(NpgsqlDataSource dataSource, AlertOptions alerts, LogStreamCounters counters)
{
    public async Task StoreAsync(IReadOnlyList<LogDetection> detections, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (detections.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await InsertAsync(connection, transaction, detections, now, cancellationToken);
        var groups = inserted
            .GroupBy(i => (detections[i.Index].Match.Category, Attacker: Attacker(detections[i.Index])))
            .Select(g => (g.Key.Category, g.Key.Attacker, Hash: Hash(g.Key.Category, g.Key.Attacker), Ids: g.Select(i => i.Id).ToArray(),
                Severity: g.Select(i => detections[i.Index].Match.Severity).MaxBy(AlertSeverities.Rank)!))
            .OrderBy(g => g.Hash)
            .ToList();
        foreach (var group in groups)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT pg_advisory_xact_lock($1);
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = group.Hash });
            await command.ExecuteNonQueryAsync(cancellationToken);
            var alertId = await FindOpenAsync(connection, transaction, group.Category, group.Attacker, now - alerts.GroupWindow, cancellationToken)
                ?? await OpenAsync(connection, transaction, group.Category, group.Attacker, group.Hash, now, cancellationToken);
            await AddAsync(connection, transaction, alertId, group.Ids, group.Severity, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        counters.CountDetections(inserted.Count);
    }

    /// <summary>The match's key value; a rule without one names its alert by the rule.</summary>
    private static string Attacker(LogDetection detection) =>
        detection.Match.KeyValue is { Length: > 0 } key ? key[..Math.Min(key.Length, 256)] : $"rule:{detection.Match.RuleId}";

    private static long Hash(string category, string attacker)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{DataSourceNames.LogStreams}|{category}|{attacker}"), digest);
        return BinaryPrimitives.ReadInt64BigEndian(digest);
    }

    private static async Task<List<(int Index, long Id)>> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LogDetection> detections, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO log_detections (detected_at, rule_id, title, severity, category, topic, kafka_partition, kafka_offset,
                key_field, key_value, match_count, envelope)
            SELECT $1, u.rule, u.title, u.sev, u.cat, u.topic, u.part, u.off, u.kf, u.kv, u.n, u.env::jsonb
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::text[], $10::text[],
                $11::int[], $12::text[]) WITH ORDINALITY AS u(rule, title, sev, cat, topic, part, off, kf, kv, n, env, o)
            ORDER BY u.o
            ON CONFLICT ON CONSTRAINT log_detections_position_key DO NOTHING
            RETURNING id, rule_id, topic, kafka_partition, kafka_offset
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        Add(command, detections.Select(d => d.Match.RuleId));
        Add(command, detections.Select(d => d.Match.Title));
        Add(command, detections.Select(d => d.Match.Severity));
        Add(command, detections.Select(d => d.Match.Category));
        Add(command, detections.Select(d => d.Topic));
        command.Parameters.Add(new NpgsqlParameter { Value = detections.Select(d => d.Partition).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = detections.Select(d => d.Offset).ToArray() });
        Add(command, detections.Select(d => d.Match.KeyField));
        Add(command, detections.Select(d => d.Match.KeyValue));
        command.Parameters.Add(new NpgsqlParameter { Value = detections.Select(d => d.Match.MatchCount).ToArray() });
        Add(command, detections.Select(d => Encoding.UTF8.GetString(d.Envelope)));
        var index = new Dictionary<(string, string, int, long), int>();
        for (var i = 0; i < detections.Count; i++)
        {
            index.TryAdd((detections[i].Match.RuleId, detections[i].Topic, detections[i].Partition, detections[i].Offset), i);
        }

        var inserted = new List<(int, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add((index[(reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4))], reader.GetInt64(0)));
        }

        return inserted;
    }

    private static void Add(NpgsqlCommand command, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    private static async Task<long?> FindOpenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string category, string attacker, DateTimeOffset windowStart,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT id FROM alerts
            WHERE data_source = $1 AND category = $2 AND attacker = $3 AND status <> 'closed' AND last_seen >= $4
            ORDER BY last_seen DESC, id DESC LIMIT 1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = DataSourceNames.LogStreams });
        command.Parameters.Add(new NpgsqlParameter { Value = category });
        command.Parameters.Add(new NpgsqlParameter { Value = attacker });
        command.Parameters.Add(new NpgsqlParameter { Value = windowStart });
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    private static async Task<long> OpenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string category, string attacker, long hash, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO alerts (data_source, category, attacker, fingerprint_hash, status, severity, severity_rank,
                first_seen, last_seen, record_count, max_probability, previous_alert_id, revision, changed_at, updated_at, updated_by)
            VALUES ($1, $2, $3, $4, 'open', $5, 1, $6, $6, 0, 1,
                (SELECT max(c.id) FROM alerts c WHERE c.fingerprint_hash = $4 AND c.status = 'closed' AND c.data_source = $1
                    AND c.category = $2 AND c.attacker = $3),
                nextval('alerts_revision_seq'), $6, $6, $7)
            RETURNING id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = DataSourceNames.LogStreams });
        command.Parameters.Add(new NpgsqlParameter { Value = category });
        command.Parameters.Add(new NpgsqlParameter { Value = attacker });
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        command.Parameters.Add(new NpgsqlParameter { Value = AlertSeverities.Low });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = AlertGrouper.PipelineActor });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long alertId, long[] detectionIds, string severity, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // The alert's severity is the highest of its rules' so far.
        await using var command = new NpgsqlCommand(
            """
            WITH d AS (UPDATE log_detections SET alert_id = $1 WHERE id = ANY($2))
            UPDATE alerts SET
                record_count = record_count + cardinality($2),
                last_seen = greatest(last_seen, $5),
                severity = CASE WHEN $4 > severity_rank THEN $3 ELSE severity END,
                severity_rank = greatest(severity_rank, $4),
                revision = nextval('alerts_revision_seq'),
                changed_at = $5
            WHERE id = $1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = alertId });
        command.Parameters.Add(new NpgsqlParameter { Value = detectionIds });
        command.Parameters.Add(new NpgsqlParameter { Value = severity });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)AlertSeverities.Rank(severity) });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
