-- Self-healing effects (blocks, rate limits, quarantines) are decided by whichever instance scored the record, but
-- must hold on every instance and lift everywhere when undone: each instance reloads them on this channel.
-- Alerts and dry-run decisions change nothing, so they raise no notification (an attack flood stays quiet here).
CREATE TRIGGER response_actions_changed
    AFTER INSERT OR UPDATE ON response_actions
    FOR EACH ROW WHEN (NOT NEW.dry_run AND NEW.action <> 'alert')
    EXECUTE FUNCTION securewatch_notify_change('securewatch_responses');

-- The reload reads only decisions that are or were in force and have not yet expired.
CREATE INDEX response_actions_in_force_idx ON response_actions (expires_at)
    WHERE NOT dry_run AND action <> 'alert';
