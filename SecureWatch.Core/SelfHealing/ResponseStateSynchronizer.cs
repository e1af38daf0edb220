using Microsoft.Extensions.Logging;
using Npgsql;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Persistence.Notifications;

namespace SecureWatch.Core.SelfHealing;

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
        // Undone rows that would otherwise still be in force are read too: an instance that missed the
        // notification (reconnecting) must still lift them.
        var rows = await dataSource.ReadAllAsync(
            """
            SELECT id, rule_id, action, target, category, attack_probability, decided_at, expires_at, undone_at IS NOT NULL
            FROM response_actions
            WHERE NOT dry_run AND action <> 'alert' AND (expires_at IS NULL OR expires_at > now())
            """,
            reader => (Undone: reader.GetBoolean(8), Decision: new SelfHealingDecision(
                reader.GetGuid(0),
                reader.GetString(1),
                SelfHealingActionNames.TryParse(reader.GetString(2), out var action) ? action : SelfHealingAction.Alert,
                reader.GetString(3),
                DryRun: false,
                AttackCategoryNames.TryParse(reader.GetString(4), out var category) ? category : AttackCategory.Normal,
                reader.GetFloat(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7))),
            cancellationToken);
        var inForce = rows.Where(r => !r.Undone).Select(r => r.Decision).ToList();
        var undone = rows.Where(r => r.Undone).Select(r => r.Decision.Id).ToList();
        engine.Synchronize(inForce, undone);
        LogReloaded(inForce.Count, undone.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Self-healing state reloaded: {InForce} effects in force, {Undone} undone")]
    private partial void LogReloaded(int inForce, int undone);
}
