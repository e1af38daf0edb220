using Microsoft.Extensions.Logging;
using Npgsql;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.SelfHealing;
using SecureWatch.Core.Persistence.Notifications;

namespace SecureWatch.Core.Pipeline;

/// <summary>
/// Keeps the <see cref="SelfHealingEngine"/> of this instance in step with the effects every instance stored in
/// response_actions: a block or rate limit decided anywhere is enforced here, and an undo made anywhere lifts it here.
/// </summary>
public sealed partial class ResponseStateSynchronizer(
    NpgsqlDataSource dataSource, SelfHealingEngine engine, ILogger<ResponseStateSynchronizer> logger) : IDatabaseChangeSubscriber
{
    public const string NotifyChannel = "securewatch_responses";

    public string Channel => NotifyChannel;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var inForce = new List<SelfHealingDecision>();
        var undone = new List<Guid>();
        // Undone rows that would otherwise still be in force are read too: an instance that missed the
        // notification (reconnecting) must still lift them.
        await using (var command = dataSource.CreateCommand(
            """
            SELECT id, rule_id, action, target, category, attack_probability, decided_at, expires_at, undone_at IS NOT NULL
            FROM response_actions
            WHERE NOT dry_run AND action <> 'alert' AND (expires_at IS NULL OR expires_at > now())
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                if (reader.GetBoolean(8))
                {
                    undone.Add(id);
                }
                else if (SelfHealingActionNames.TryParse(reader.GetString(2), out var action))
                {
                    _ = AttackCategoryNames.TryParse(reader.GetString(4), out var category);
                    inForce.Add(new SelfHealingDecision(
                        id, reader.GetString(1), action, reader.GetString(3), DryRun: false, category, reader.GetFloat(5),
                        reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
                }
            }
        }

        engine.Synchronize(inForce, undone);
        LogReloaded(inForce.Count, undone.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Self-healing state reloaded: {InForce} effects in force, {Undone} undone")]
    private partial void LogReloaded(int inForce, int undone);
}
