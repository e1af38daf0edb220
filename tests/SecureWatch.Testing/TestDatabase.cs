using Npgsql;

namespace SecureWatch.Testing;

/// <summary>
/// A fresh, empty database on the PostgreSQL server that scripts/test.sh starts, dropped again on dispose.
/// Each test class gets its own, so tests never see each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "SECUREWATCH_TEST_PG";

    private readonly string _serverConnectionString;

    private TestDatabase(string name, string serverConnectionString, string connectionString)
    {
        Name = name;
        _serverConnectionString = serverConnectionString;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: run the tests through scripts/test.sh, which starts PostgreSQL, " +
                "or point it at a PostgreSQL 15 superuser connection string.");

    /// <param name="serverConnectionString">A superuser connection string; default: <see cref="ServerConnectionString"/>.</param>
    public static async Task<TestDatabase> CreateAsync(string? serverConnectionString = null)
    {
        var serverString = serverConnectionString ?? ServerConnectionString;
        var name = $"sw_test_{Guid.NewGuid():N}";
        await using (var server = new NpgsqlConnection(serverString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(serverString) { Database = name };
        return new TestDatabase(name, serverString, builder.ConnectionString);
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_serverConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
