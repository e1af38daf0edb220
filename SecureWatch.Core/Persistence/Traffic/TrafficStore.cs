using System.Net;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Explanation;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Persistence.Traffic;

/// <summary>
/// The pipeline's SQL. Every statement takes whole batches as arrays (unnest), so a batch costs a handful of round
/// trips whatever its size; all of them run in the caller's transaction.
/// </summary>
internal static class TrafficStore
{
    /// <summary>
    /// Records the events of the batch in the ledger; returns the ones that were new, with a traffic_data id
    /// allocated for each. Events already in the ledger are left untouched.
    /// </summary>
    public static async Task<Dictionary<Guid, long>> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AcceptedRecord> records,
        DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO traffic_ingest_keys (event_id, received_at, kafka_topic, kafka_partition, kafka_offset, traffic_id)
            SELECT k.event_id, $2, k.topic, k.part, k.off, nextval(pg_get_serial_sequence('traffic_data', 'id'))
            FROM unnest($1::uuid[], $3::text[], $4::int[], $5::bigint[]) AS k(event_id, topic, part, off)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id, traffic_id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Record.EventId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = receivedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Source.Topic).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Source.Partition).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = records.Select(r => r.Source.Offset).ToArray() });
        var claimed = new Dictionary<Guid, long>(records.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return claimed;
    }

    public static async Task<Dictionary<Guid, StoredKey>> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Guid> eventIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT event_id, traffic_id, received_at, kafka_topic, kafka_partition, kafka_offset
            FROM traffic_ingest_keys WHERE event_id = ANY($1)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = eventIds.ToArray() });
        var found = new Dictionary<Guid, StoredKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetGuid(0)] = new StoredKey(
                reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5));
        }

        return found;
    }

    public static async Task InsertTrafficAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TrafficRow> rows,
        DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO traffic_data (id, received_at, observed_at, event_id, data_source, sender_ip, src_ip, dst_ip,
                src_port, dst_port, protocol, feature_set, features, kafka_topic, kafka_partition, kafka_offset,
                is_attack, attack_probability, category, model_version, response_action, explanation, alert_id)
            OVERRIDING SYSTEM VALUE
            SELECT t.id, $2, t.observed_at, t.event_id, t.data_source, t.sender_ip, t.src_ip, t.dst_ip,
                t.src_port, t.dst_port, t.protocol, t.feature_set, t.features::jsonb, t.topic, t.part, t.off,
                t.is_attack, t.probability, t.category, t.model_version, t.response_action, t.explanation::jsonb, t.alert_id
            FROM unnest($1::bigint[], $3::timestamptz[], $4::uuid[], $5::text[], $6::inet[], $7::inet[], $8::inet[],
                $9::int[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::bigint[],
                $17::boolean[], $18::real[], $19::text[], $20::text[], $21::text[], $22::text[], $23::bigint[])
                AS t(id, observed_at, event_id, data_source, sender_ip, src_ip, dst_ip, src_port, dst_port, protocol,
                     feature_set, features, topic, part, off, is_attack, probability, category, model_version, response_action, explanation, alert_id)
            """, connection, transaction);
        var n = rows.Count;
        var ids = new long[n];
        var observed = new DateTimeOffset[n];
        var eventIds = new Guid[n];
        var sources = new string[n];
        var senders = new IPAddress?[n];
        var srcIps = new IPAddress?[n];
        var dstIps = new IPAddress?[n];
        var srcPorts = new int[n];
        var dstPorts = new int[n];
        var protocols = new string[n];
        var featureSets = new string[n];
        var features = new string[n];
        var topics = new string[n];
        var partitions = new int[n];
        var offsets = new long[n];
        var attacks = new bool[n];
        var probabilities = new float[n];
        var categories = new string[n];
        var versions = new string[n];
        var actions = new string?[n];
        var explanations = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            var record = row.Accepted.Record;
            var prediction = row.Accepted.Prediction;
            ids[i] = row.TrafficId;
            observed[i] = record.ObservedAt;
            eventIds[i] = record.EventId;
            sources[i] = record.DataSource;
            senders[i] = record.SenderIp is null ? null : IPAddress.Parse(record.SenderIp);
            srcIps[i] = IPAddress.Parse(record.Flow.SrcIp);
            dstIps[i] = IPAddress.Parse(record.Flow.DstIp);
            srcPorts[i] = record.Flow.SrcPort;
            dstPorts[i] = record.Flow.DstPort;
            protocols[i] = record.Flow.Protocol;
            featureSets[i] = record.FeatureSet;
            features[i] = JsonSerializer.Serialize(record.Features, TrafficRecordJson.Options);
            topics[i] = row.Accepted.Source.Topic;
            partitions[i] = row.Accepted.Source.Partition;
            offsets[i] = row.Accepted.Source.Offset;
            attacks[i] = prediction.IsAttack;
            probabilities[i] = prediction.AttackProbability;
            categories[i] = prediction.Category.ToName();
            versions[i] = prediction.ModelVersion;
            actions[i] = row.ResponseAction;
            explanations[i] = row.Accepted.Explanation is { } explanation ? ThreatExplanationJson.Serialize(explanation) : null;
        }

        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        command.Parameters.Add(new NpgsqlParameter { Value = receivedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = observed });
        command.Parameters.Add(new NpgsqlParameter { Value = eventIds });
        command.Parameters.Add(new NpgsqlParameter { Value = sources });
        command.Parameters.Add(new NpgsqlParameter { Value = senders, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Inet });
        command.Parameters.Add(new NpgsqlParameter { Value = srcIps, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Inet });
        command.Parameters.Add(new NpgsqlParameter { Value = dstIps, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Inet });
        command.Parameters.Add(new NpgsqlParameter { Value = srcPorts });
        command.Parameters.Add(new NpgsqlParameter { Value = dstPorts });
        command.Parameters.Add(new NpgsqlParameter { Value = protocols });
        command.Parameters.Add(new NpgsqlParameter { Value = featureSets });
        command.Parameters.Add(new NpgsqlParameter { Value = features });
        command.Parameters.Add(new NpgsqlParameter { Value = topics });
        command.Parameters.Add(new NpgsqlParameter { Value = partitions });
        command.Parameters.Add(new NpgsqlParameter { Value = offsets });
        command.Parameters.Add(new NpgsqlParameter { Value = attacks });
        command.Parameters.Add(new NpgsqlParameter { Value = probabilities });
        command.Parameters.Add(new NpgsqlParameter { Value = categories });
        command.Parameters.Add(new NpgsqlParameter { Value = versions });
        command.Parameters.Add(new NpgsqlParameter { Value = actions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = explanations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.AlertId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task InsertDecisionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TrafficRow> rows,
        DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var decisions = rows.SelectMany(r => r.Decisions.Select(d => (Row: r, Decision: d))).ToList();
        if (decisions.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO response_actions (id, decided_at, rule_id, action, target, dry_run, category, attack_probability,
                expires_at, traffic_id, traffic_received_at, event_id, data_source, whitelist_entry_id)
            SELECT d.id, d.decided_at, d.rule_id, d.action, d.target, d.dry_run, d.category, d.probability,
                d.expires_at, d.traffic_id, $14, d.event_id, d.data_source, d.entry_id
            FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[],
                $8::real[], $9::timestamptz[], $10::bigint[], $11::uuid[], $12::text[], $13::bigint[])
                AS d(id, decided_at, rule_id, action, target, dry_run, category, probability, expires_at, traffic_id,
                     event_id, data_source, entry_id)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Decision.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Decision.DecidedAt).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Decision.RuleId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Decision.Action.ToName()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Decision.Target).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Decision.DryRun).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Decision.Category.ToName()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Decision.AttackProbability).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = decisions.Select(d => d.Decision.ExpiresAt).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Row.TrafficId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Row.Accepted.Record.EventId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = decisions.Select(d => d.Row.Accepted.Record.DataSource).ToArray() });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = decisions.Select(d => d.Decision.Action == SelfHealingAction.QuarantineProvider ? d.Row.Accepted.WhitelistEntryId : null).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = receivedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deactivates whitelist entries quarantined by applied decisions, with an audit row each.</summary>
    public static async Task QuarantineAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(long EntryId, Guid DecisionId)> entries,
        CancellationToken cancellationToken)
    {
        foreach (var (entryId, decisionId) in entries)
        {
            await using var command = new NpgsqlCommand(
                """
                WITH changed AS (
                    UPDATE ip_whitelist SET is_active = false, updated_at = now() WHERE id = $1 AND is_active RETURNING id)
                INSERT INTO audit_log (occurred_at, actor, action, entity, entity_id, before, after)
                SELECT now(), 'self-healing', 'quarantine', 'ip_whitelist', id::text,
                       jsonb_build_object('is_active', true),
                       jsonb_build_object('is_active', false, 'response_action_id', $2::text)
                FROM changed
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = entryId });
            command.Parameters.Add(new NpgsqlParameter { Value = decisionId.ToString() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
