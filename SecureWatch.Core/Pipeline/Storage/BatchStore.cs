using Microsoft.Extensions.Logging;
using Npgsql;
using SecureWatch.Core.Alerts;
using SecureWatch.Core.Persistence.Traffic;
using SecureWatch.Core.SelfHealing;

namespace SecureWatch.Core.Pipeline.Storage;

/// <summary>
/// Stores a scored batch: one transaction that claims the event ids, decides the self-healing responses, groups the
/// attacks into alerts and writes the rows, split around any record PostgreSQL refuses.
/// </summary>
public sealed partial class BatchStore(
    NpgsqlDataSource dataSource, SelfHealingEngine selfHealing, AlertGrouper alerts, ILogger<BatchStore> logger)
{
    // The ledger's key: a concurrent claim of the same event by another instance is a retry, not this record's fault.
    private const string IngestKeyConstraint = "traffic_ingest_keys_pkey";

    /// <summary>
    /// Stores the records in one transaction and sets each one's outcome. When PostgreSQL refuses one for its data (a
    /// value that got past the contract but not past a column type or constraint), the batch is bisected, each part
    /// stored on its own, until the refused record stands alone and is dead-lettered as
    /// <see cref="RejectReasons.Unstorable"/>: one record never holds back its source. Every other failure propagates
    /// and the caller retries the whole batch.
    /// </summary>
    internal async Task<List<TrafficRow>> StoreAsync(
        List<AcceptedRecord> accepted, RecordOutcome[] outcomes, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        try
        {
            return await StoreInOneTransactionAsync(accepted, outcomes, receivedAt, cancellationToken);
        }
        catch (PostgresException ex) when (IsRecordDataError(ex))
        {
            if (accepted.Count == 1)
            {
                var record = accepted[0];
                outcomes[record.Index] = RecordOutcome.Rejected(RejectReasons.Unstorable, $"PostgreSQL refused the record ({ex.SqlState}): {ex.MessageText}");
                LogUnstorable(record.Source.Topic, record.Source.Partition, record.Source.Offset, ex.SqlState, ex.MessageText);
                return [];
            }

            var half = accepted.Count / 2;
            var rows = await StoreAsync(accepted.GetRange(0, half), outcomes, receivedAt, cancellationToken);
            rows.AddRange(await StoreAsync(accepted.GetRange(half, accepted.Count - half), outcomes, receivedAt, cancellationToken));
            return rows;
        }
    }

    /// <summary>SQLSTATE class 22 (data exception) and class 23 (integrity) belong to a record; others to the connection or server.</summary>
    private static bool IsRecordDataError(PostgresException ex) =>
        ex.SqlState.StartsWith("22", StringComparison.Ordinal)
        || (ex.SqlState.StartsWith("23", StringComparison.Ordinal)
            && !(ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == IngestKeyConstraint));

    private async Task<List<TrafficRow>> StoreInOneTransactionAsync(
        List<AcceptedRecord> accepted, RecordOutcome[] outcomes, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var rows = new List<TrafficRow>(accepted.Count);
        var applied = new List<SelfHealingDecision>();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var claimed = await TrafficStore.ClaimAsync(connection, transaction, accepted, receivedAt, cancellationToken);
            var seen = new HashSet<Guid>();
            var others = new List<AcceptedRecord>();
            var quarantines = new List<(long, Guid)>();
            foreach (var record in accepted)
            {
                var eventId = record.Record.EventId;
                if (claimed.TryGetValue(eventId, out var trafficId) && seen.Add(eventId))
                {
                    var decisions = Decide(record, applied, quarantines);
                    rows.Add(new TrafficRow(record, trafficId, decisions));
                    outcomes[record.Index] = new RecordOutcome(RecordOutcomeKind.Stored, trafficId, null, null);
                }
                else
                {
                    others.Add(record);
                }
            }

            if (others.Count > 0)
            {
                var existing = await TrafficStore.FindAsync(connection, transaction, others.Select(o => o.Record.EventId), cancellationToken);
                foreach (var record in others)
                {
                    var key = existing.GetValueOrDefault(record.Record.EventId);
                    var samePosition = key.Topic == record.Source.Topic && key.Partition == record.Source.Partition
                        && key.Offset == record.Source.Offset && !seen.Contains(record.Record.EventId);
                    outcomes[record.Index] = samePosition
                        ? new RecordOutcome(RecordOutcomeKind.Redelivered, key.TrafficId, null, null)
                        : new RecordOutcome(RecordOutcomeKind.DuplicateEvent, key.TrafficId == 0 ? null : key.TrafficId, null, null);
                }
            }

            await alerts.GroupAsync(connection, transaction, rows, receivedAt, cancellationToken);
            await TrafficStore.InsertTrafficAsync(connection, transaction, rows, receivedAt, cancellationToken);
            await TrafficStore.InsertDecisionsAsync(connection, transaction, rows, receivedAt, cancellationToken);
            await TrafficStore.QuarantineAsync(connection, transaction, quarantines, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return rows;
        }
        catch
        {
            // Nothing was stored, so nothing may stay in force: the retried batch decides again.
            foreach (var decision in applied)
            {
                selfHealing.Undo(decision.Id);
            }

            throw;
        }
    }

    private IReadOnlyList<SelfHealingDecision> Decide(AcceptedRecord record, List<SelfHealingDecision> applied, List<(long, Guid)> quarantines)
    {
        // Only an external provider that passed the whitelist (and signature) checks is a verified sender that
        // block_source may target; another record's sender_ip is a claim.
        var decisions = selfHealing.Evaluate(new ScoredRecord(
            record.Prediction, record.Record.DataSource, record.Record.SenderIp ?? "", record.Record.Flow.SrcIp,
            SenderVerified: record.SenderKey is not null, record.SenderKey));
        foreach (var decision in decisions)
        {
            if (decision.DryRun)
            {
                continue;
            }

            applied.Add(decision);
            if (decision.Action == SelfHealingAction.QuarantineProvider && record.WhitelistEntryId is { } entryId)
            {
                quarantines.Add((entryId, decision.Id));
            }
        }

        return decisions;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Dead-lettered {Topic}[{Partition}]@{Offset} as unstorable: PostgreSQL refused it ({SqlState}: {Detail})")]
    private partial void LogUnstorable(string topic, int partition, long offset, string sqlState, string detail);
}
