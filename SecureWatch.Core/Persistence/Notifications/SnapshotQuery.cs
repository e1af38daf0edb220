using Npgsql;

namespace SecureWatch.Core.Persistence.Notifications;

/// <summary>Reads a whole table snapshot for an <see cref="IDatabaseChangeSubscriber"/> reload, one mapped item per row.</summary>
public static class SnapshotQuery
{
    public static async Task<List<T>> ReadAllAsync<T>(
        this NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(map);
        var items = new List<T>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(map(reader));
        }

        return items;
    }
}
