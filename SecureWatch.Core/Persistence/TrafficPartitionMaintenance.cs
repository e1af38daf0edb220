using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SecureWatch.Core.Persistence;

/// <summary>
/// Keeps daily traffic_data partitions a week ahead and drops those past retention. Idempotent SQL, so
/// several instances running it concurrently is harmless.
/// </summary>
public sealed partial class TrafficPartitionMaintenance(
    NpgsqlDataSource dataSource, PersistenceOptions options, ILogger<TrafficPartitionMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var command = dataSource.CreateCommand(
                    "SELECT securewatch_ensure_traffic_partitions(1, 7), securewatch_apply_traffic_retention($1)");
                command.Parameters.Add(new NpgsqlParameter { Value = options.TrafficRetentionDays });
                await using var reader = await command.ExecuteReaderAsync(stoppingToken);
                if (await reader.ReadAsync(stoppingToken))
                {
                    var created = reader.GetInt32(0);
                    var dropped = reader.GetInt32(1);
                    LogMaintained(created, dropped);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or PostgresException)
            {
                LogFailed(ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Traffic partitions: {Created} created, {Dropped} dropped")]
    private partial void LogMaintained(int created, int dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Traffic partition maintenance failed: {Reason}")]
    private partial void LogFailed(string reason);
}
