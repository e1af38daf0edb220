namespace SecureWatch.Core.Persistence.Notifications;

/// <summary>In-memory state derived from a table, reloaded whenever the table's NOTIFY channel fires.</summary>
public interface IDatabaseChangeSubscriber
{
    /// <summary>The pg_notify channel raised by the table's trigger (see the migrations).</summary>
    string Channel { get; }

    Task ReloadAsync(CancellationToken cancellationToken);
}
