using System.Net;
using Npgsql;
using NpgsqlTypes;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Persistence.Traffic;
using SecureWatch.Core.Sources;

namespace SecureWatch.Core.Alerts;

/// <summary>
/// Adds a batch's newly stored attack records to their alerts, in the batch's transaction: a crash leaves no stored
/// attack outside an alert, and a redelivered record (not claimed again) is never counted twice. Instances grouping
/// the same fingerprint at once serialise on a transaction-scoped advisory lock per fingerprint, taken in hash
/// order so that two batches cannot deadlock.
/// </summary>
public sealed class AlertGrouper(AlertOptions options)
{
    public const string PipelineActor = "pipeline";

    public AlertOptions Options { get; } = options;

    /// <summary>Sets each attack row's AlertId; a handful of statements per batch, whatever its size.</summary>
    internal async Task GroupAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TrafficRow> rows, DateTimeOffset receivedAt,
        CancellationToken cancellationToken)
    {
        var groups = Summarise(rows);
        if (groups.Count == 0)
        {
            return;
        }

        var ordered = groups.Values.OrderBy(g => g.Hash).ToList();
        await LockAsync(connection, transaction, ordered, cancellationToken);
        await FindOpenAsync(connection, transaction, ordered, receivedAt - Options.GroupWindow, cancellationToken);
        await OpenAsync(connection, transaction, [.. ordered.Where(g => g.AlertId == 0)], receivedAt, cancellationToken);
        await AddAsync(connection, transaction, ordered, receivedAt, cancellationToken);
        foreach (var row in rows)
        {
            if (row.Accepted.Prediction.IsAttack)
            {
                row.AlertId = groups[Fingerprint(row)].AlertId;
            }
        }
    }

    private static Dictionary<AlertFingerprint, AlertBatchGroup> Summarise(IReadOnlyList<TrafficRow> rows)
    {
        var groups = new Dictionary<AlertFingerprint, AlertBatchGroup>();
        foreach (var row in rows)
        {
            var prediction = row.Accepted.Prediction;
            if (!prediction.IsAttack)
            {
                continue;
            }

            var fingerprint = Fingerprint(row);
            if (!groups.TryGetValue(fingerprint, out var group))
            {
                group = new AlertBatchGroup(fingerprint);
                groups.Add(fingerprint, group);
            }

            var flow = row.Accepted.Record.Flow;
            group.Records++;
            group.MaxProbability = Math.Max(group.MaxProbability, prediction.AttackProbability);
            var destination = Canonical(IPAddress.Parse(flow.DstIp));
            group.Destinations[destination] = group.Destinations.GetValueOrDefault(destination) + 1;
            group.Ports[(flow.Protocol, flow.DstPort)] = group.Ports.GetValueOrDefault((flow.Protocol, flow.DstPort)) + 1;
            group.ActionIds.AddRange(row.Decisions.Select(d => d.Id));
        }

        return groups;
    }

    private static AlertFingerprint Fingerprint(TrafficRow row)
    {
        var record = row.Accepted.Record;
        var sender = record.DataSource == DataSourceNames.ExternalKafka && record.SenderIp is { } text
            ? Canonical(IPAddress.Parse(text))
            : null;
        return new AlertFingerprint(
            record.DataSource, row.Accepted.Prediction.Category.ToName(), Canonical(IPAddress.Parse(record.Flow.SrcIp)), sender);
    }

    private static async Task LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<AlertBatchGroup> ordered, CancellationToken cancellationToken)
    {
        // ORDER BY makes PostgreSQL evaluate the volatile lock calls after sorting, i.e. in hash order.
        await using var command = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(h) FROM unnest($1::bigint[]) WITH ORDINALITY AS u(h, o) ORDER BY o",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = ordered.Select(g => g.Hash).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task FindOpenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<AlertBatchGroup> groups, DateTimeOffset windowStart,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT ON (u.o) u.o, a.id, a.max_probability
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::inet[], $5::inet[]) WITH ORDINALITY AS u(h, ds, cat, src, sender, o)
            JOIN alerts a ON a.fingerprint_hash = u.h AND a.data_source = u.ds AND a.category = u.cat
                AND a.attacker_ip = u.src AND a.sender_ip IS NOT DISTINCT FROM u.sender
                AND a.status <> 'closed' AND a.last_seen >= $6
            ORDER BY u.o, a.last_seen DESC, a.id DESC
            """, connection, transaction);
        AddFingerprints(command, groups);
        command.Parameters.Add(new NpgsqlParameter { Value = windowStart });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var group = groups[(int)reader.GetInt64(0) - 1];
            group.AlertId = reader.GetInt64(1);
            group.ExistingMaxProbability = reader.GetFloat(2);
        }
    }

    private static async Task OpenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<AlertBatchGroup> groups, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }

        // Counters start at zero; AddAsync adds this batch like any later one.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO alerts (data_source, category, attacker_ip, sender_ip, fingerprint_hash, status, severity, severity_rank,
                first_seen, last_seen, record_count, max_probability, previous_alert_id, revision, changed_at, updated_at, updated_by)
            SELECT u.ds, u.cat, u.src, u.sender, u.h, 'open', $7, 1, $6, $6, 0, 0,
                (SELECT max(c.id) FROM alerts c WHERE c.fingerprint_hash = u.h AND c.status = 'closed' AND c.data_source = u.ds
                    AND c.category = u.cat AND c.attacker_ip = u.src AND c.sender_ip IS NOT DISTINCT FROM u.sender),
                nextval('alerts_revision_seq'), $6, $6, $8
            FROM unnest($1::bigint[], $2::text[], $3::text[], $4::inet[], $5::inet[]) WITH ORDINALITY AS u(h, ds, cat, src, sender, o)
            ORDER BY u.o
            RETURNING id, fingerprint_hash
            """, connection, transaction);
        AddFingerprints(command, groups);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = AlertSeverities.Low });
        command.Parameters.Add(new NpgsqlParameter { Value = PipelineActor });
        var byHash = groups.ToDictionary(g => g.Hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            byHash[reader.GetInt64(1)].AlertId = reader.GetInt64(0);
        }
    }

    private async Task AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<AlertBatchGroup> groups, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var destinations = groups.SelectMany(g => g.Destinations.Select(d => (g.AlertId, d.Key, d.Value))).ToList();
        var ports = groups.SelectMany(g => g.Ports.Select(p => (g.AlertId, p.Key, p.Value))).ToList();
        var actions = groups.SelectMany(g => g.ActionIds.Select(a => (g.AlertId, a))).ToList();
        var severities = groups.Select(g => Options.Severity(g.Fingerprint.Category, Math.Max(g.ExistingMaxProbability, g.MaxProbability))).ToList();

        // xmax = 0 tells a freshly inserted counter row from an updated one: new rows are new distinct values.
        await using var command = new NpgsqlCommand(
            """
            WITH d AS (
                INSERT INTO alert_destinations (alert_id, dst_ip, records)
                SELECT * FROM unnest($1::bigint[], $2::inet[], $3::bigint[])
                ON CONFLICT (alert_id, dst_ip) DO UPDATE SET records = alert_destinations.records + EXCLUDED.records
                RETURNING alert_id, (xmax = 0) AS added),
            p AS (
                INSERT INTO alert_ports (alert_id, protocol, dst_port, records)
                SELECT * FROM unnest($4::bigint[], $5::text[], $6::int[], $7::bigint[])
                ON CONFLICT (alert_id, protocol, dst_port) DO UPDATE SET records = alert_ports.records + EXCLUDED.records
                RETURNING alert_id, (xmax = 0) AS added),
            x AS (
                INSERT INTO alert_actions (action_id, alert_id) SELECT * FROM unnest($8::uuid[], $9::bigint[])
                ON CONFLICT (action_id) DO NOTHING),
            dc AS (SELECT alert_id, count(*) FILTER (WHERE added) AS n FROM d GROUP BY alert_id),
            pc AS (SELECT alert_id, count(*) FILTER (WHERE added) AS n FROM p GROUP BY alert_id)
            UPDATE alerts a SET
                record_count = a.record_count + u.n,
                max_probability = greatest(a.max_probability, u.p),
                last_seen = greatest(a.last_seen, $15),
                severity = u.sev,
                severity_rank = u.rnk,
                distinct_destinations = a.distinct_destinations + coalesce(dc.n, 0),
                distinct_ports = a.distinct_ports + coalesce(pc.n, 0),
                revision = nextval('alerts_revision_seq'),
                changed_at = $15
            FROM unnest($10::bigint[], $11::bigint[], $12::real[], $13::text[], $14::smallint[]) AS u(id, n, p, sev, rnk)
                LEFT JOIN dc ON dc.alert_id = u.id
                LEFT JOIN pc ON pc.alert_id = u.id
            WHERE a.id = u.id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = destinations.Select(d => d.AlertId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = destinations.Select(d => d.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Inet });
        command.Parameters.Add(new NpgsqlParameter { Value = destinations.Select(d => d.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = ports.Select(p => p.AlertId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = ports.Select(p => p.Key.Protocol).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = ports.Select(p => p.Key.Port).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = ports.Select(p => p.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = actions.Select(a => a.a).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = actions.Select(a => a.AlertId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.AlertId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Records).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.MaxProbability).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = severities.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = severities.Select(s => (short)AlertSeverities.Rank(s)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddFingerprints(NpgsqlCommand command, List<AlertBatchGroup> groups)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Hash).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Fingerprint.DataSource).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Fingerprint.Category).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Fingerprint.Attacker).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Inet });
        command.Parameters.Add(new NpgsqlParameter { Value = groups.Select(g => g.Fingerprint.Sender).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Inet });
    }

    private static IPAddress Canonical(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
